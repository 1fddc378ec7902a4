"""The Gmail sidebar add-on (HTTP alternate runtime, Card v1 JSON): one HTTP function routes
/home, /message and /action; every request's system id token and user id token are verified
before anything is read or done. Actions call the same service-layer functions as the Sheet."""
