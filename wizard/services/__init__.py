"""Use cases behind the web views, free of Flask: they take the session, content and clock."""
