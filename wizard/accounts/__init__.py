"""Staff accounts: password hashing and rules, and the authenticator app's one-time codes."""
