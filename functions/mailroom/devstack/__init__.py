"""The local dev stack: the Cloud Functions entry points driven by a Pub/Sub-like dispatcher
with real at-least-once behaviour, against the Google stand-ins or the embedded adapters."""
