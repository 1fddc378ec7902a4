"""Adapters onto Google: Gmail, Cloud Storage and Drive archives, Cloud Vision, the staging
Sheet. Each takes a ready client in its constructor (built in bootstrap), so tests point the
real client libraries at the local stand-ins in `mailroom.standins`."""
