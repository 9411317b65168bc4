"""The floor for the question page benchmark: the least a question page can do, served the same way.

Flask with its signed cookie session and flask-wtf's CSRF check, one encrypted read and one guarded
write straight through the driver (autocommit, a connection kept per worker), and a cached Jinja
template of the real page's size. No question graph, no audit, no security headers, no ORM. Its
ratio to the bare "hello" route, measured in the same run, is the most any question page can reach
on the machine; `make bench` reports it beside the real page's.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from werkzeug.wrappers import Response

#: Set by the benchmark for the gunicorn workers; `create_table` takes its own.
URL = os.environ.get("FLOOR_DATABASE_URL", "")
MARK = "?" if URL.startswith("sqlite:///") else "%s"
TABLE = "bench_floor"

app = Flask(__name__)
#: Shared by both workers (each imports this module): the benchmark passes one in.
app.secret_key = os.environ.get("SECRET_KEY", "")
CSRFProtect(app)
app.jinja_loader = DictLoader(
    {
        "question.html": """<!DOCTYPE html><html lang="en-GB"><head><title>{{ node }}</title></head><body>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input type="hidden" name="answer_version" value="{{ version }}">
{% for i in range(40) %}<p class="govuk-body">Line {{ i }} about {{ node }}: {{ answers.get(node, "") }}</p>{% endfor %}
<p>"""
        + "x" * 3000
        + "</p></form></body></html>"
    }
)
_KEY = AESGCM(hashlib.sha256(app.secret_key.encode()).digest())
_connection: Any = None


def create_table(url: str) -> None:
    """Make the floor's one table in the database at `url` (once, before serving)."""
    connection = _connect(url)
    try:
        connection.execute(f"DROP TABLE IF EXISTS {TABLE}")
        key = "INTEGER PRIMARY KEY" if url.startswith("sqlite:///") else "SERIAL PRIMARY KEY"
        connection.execute(
            f"CREATE TABLE {TABLE} (id {key}, token TEXT UNIQUE, answers TEXT, version INTEGER)"
        )
    finally:
        connection.close()


def _connect(url: str) -> Any:
    if url.startswith("sqlite:///"):
        import sqlite3

        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")
        return connection
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)


def _database() -> Any:
    global _connection
    if _connection is None:
        _connection = _connect(URL)
    return _connection


def _seal(answers: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    return (nonce + _KEY.encrypt(nonce, json.dumps(answers).encode(), b"answers")).hex()


def _open(sealed: str) -> dict[str, Any]:
    raw = bytes.fromhex(sealed)
    opened: dict[str, Any] = json.loads(_KEY.decrypt(raw[:12], raw[12:], b"answers"))
    return opened


@app.get("/")
def hello() -> str:
    """The same bare route as the hello app, so gunicorn's start-up check finds it."""
    return "hello"


@app.route("/questions/<node>", methods=["GET", "POST"])
def question(node: str) -> Response | str:
    """Show a question with the saved answer, or save one answer and redirect."""
    database = _database()
    token = session.get("token")
    if token is None:
        token = secrets.token_urlsafe(24)
        session["token"] = token
        database.execute(
            f"INSERT INTO {TABLE} (token, answers, version) VALUES ({MARK}, {MARK}, 1)",
            (token, _seal({})),
        )
    row = database.execute(
        f"SELECT id, answers, version FROM {TABLE} WHERE token = {MARK}", (token,)
    ).fetchone()
    answers = _open(row[1])
    if request.method == "POST":
        answers[node] = request.form.get(node, "")
        database.execute(
            f"UPDATE {TABLE} SET answers = {MARK}, version = version + 1"
            f" WHERE id = {MARK} AND version = {MARK}",
            (_seal(answers), row[0], row[2]),
        )
        return redirect("/questions/next")
    template = app.jinja_env.get_template("question.html")
    return template.render(node=node, version=row[2], answers=answers)
