"""Every OAuth scope mailroom asks for, in one place, each the least that its calls need
(see docs/google-apis.md §8.2). `gmail.modify` is the floor for labelling: `gmail.readonly`
plus `gmail.labels` cannot call messages.modify."""

GMAIL = ("https://www.googleapis.com/auth/gmail.modify",)
# Only files the app created: the archive folder tree and the staging sheet it built.
DRIVE = ("https://www.googleapis.com/auth/drive.file",)
SHEETS = ("https://www.googleapis.com/auth/spreadsheets",)
# Cloud Storage, Vision and Secret Manager are reached as the function's own service account.
CLOUD = ("https://www.googleapis.com/auth/cloud-platform",)
