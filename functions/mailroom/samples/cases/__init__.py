"""One function per kind of mail in the sample mailbox, each returning a CaseMail."""
