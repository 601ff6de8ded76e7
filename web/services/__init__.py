"""Use cases called by views, the command line and the clock alike.

Services take plain arguments (never flask.request, session or g) and raise
`web.services.errors.InvalidInput` with field-named messages.
"""
