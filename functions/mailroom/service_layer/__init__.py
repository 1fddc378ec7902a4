"""The service layer: one handler per pipeline stage, plus the review actions. Handlers talk
to the world only through the ports, so the same code runs in-process and on Cloud Functions."""
