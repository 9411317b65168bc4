"""The WSGI entry point for gunicorn and for every `flask --app wsgi ...` command."""

from wizard.app import create_app

app = create_app()
