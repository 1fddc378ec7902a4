"""What the Cloud Functions in `functions/main.py` call: decode the trigger, run the stage,
translate the outcome into what Pub/Sub or the HTTP caller understands. Wiring is built on
the first call and cached for the warm instance."""
