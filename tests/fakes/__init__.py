"""Stand-ins for the outside world in tests: a local fake Twilio REST server,
webhook signing helpers and a guard against calls to the real Twilio."""
