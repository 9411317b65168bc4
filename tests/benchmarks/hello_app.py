"""The baseline: a bare Flask app with one "hello" route, served the same way as the real app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """Say hello: the cheapest response Flask can give."""
    return "hello"
