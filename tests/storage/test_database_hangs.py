"""A database that hangs gives the "service unavailable" page within a bound, not a hung request.

PostgreSQL stops a statement after DATABASE_STATEMENT_TIMEOUT_MS; a server that says nothing at
all (here a SIGSTOPped one, whose kernel still acknowledges every packet) is given up on by the
app a moment later (ADR 0017). Waiting for a pooled connection is bounded by
DATABASE_POOL_TIMEOUT_SECONDS, and on SQLite a writer holding the lock makes a save wait
DATABASE_BUSY_TIMEOUT_MS. Each ends in the 503 page, and answers saved before are kept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from tests.conftest import app_config
from tests.support.databases import postgres_url, skip_or_fail
from tests.support.pages import csrf_token, parse
from tests.support.web_journey import answer_page, form_for
from wizard import PROJECT_ROOT
from wizard.app import create_app
from wizard.config import from_environment
from wizard.storage.assessments import all_records
from wizard.storage.db import make_engine
from wizard.storage.migrate import upgrade

UNAVAILABLE = "Sorry, the service is unavailable"


def saved_answers(app) -> list[dict]:
    with app.extensions["db_sessionmaker"]() as session:
        return [record.answers for record in all_records(session, app.extensions["sealer"])]


def post_answer(client, node_id: str, value, page=None):
    """POST an answer to a question page already fetched (or fetch it now)."""
    page = page or client.get(f"/questions/{node_id}")
    version = parse(page).select_one("input[name=answer_version]")["value"]
    data = {"csrf_token": csrf_token(page), "answer_version": version, **form_for(node_id, value)}
    return client.post(f"/questions/{node_id}", data=data)


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


# --- Settings -------------------------------------------------------------------------------------


def test_the_database_timeouts_default_to_a_few_seconds_and_come_from_the_environment():
    defaults = from_environment({})
    assert defaults["DATABASE_STATEMENT_TIMEOUT_MS"] == 5000
    assert defaults["DATABASE_CONNECT_TIMEOUT_SECONDS"] == 5
    assert defaults["DATABASE_POOL_TIMEOUT_SECONDS"] == 5
    assert defaults["DATABASE_BUSY_TIMEOUT_MS"] == 5000
    chosen = from_environment(
        {
            "DATABASE_STATEMENT_TIMEOUT_MS": "1500",
            "DATABASE_CONNECT_TIMEOUT_SECONDS": "3",
            "DATABASE_POOL_TIMEOUT_SECONDS": "2.5",
            "DATABASE_BUSY_TIMEOUT_MS": "800",
        }
    )
    assert chosen["DATABASE_STATEMENT_TIMEOUT_MS"] == 1500
    assert chosen["DATABASE_CONNECT_TIMEOUT_SECONDS"] == 3
    assert chosen["DATABASE_POOL_TIMEOUT_SECONDS"] == 2.5
    assert chosen["DATABASE_BUSY_TIMEOUT_MS"] == 800


# --- PostgreSQL on the shared test server ---------------------------------------------------------


@pytest.fixture
def pg_url() -> str:
    found = postgres_url()
    if found is None:
        skip_or_fail("PostgreSQL tests need TEST_POSTGRESQL_URL or a postgresql TEST_DATABASE_URL")
    return found


@pytest.fixture
def quick_engine(pg_url: str) -> Iterator[Engine]:
    made = make_engine(pg_url, statement_timeout_ms=300)
    yield made
    made.dispose()


def test_the_server_stops_a_statement_that_runs_past_the_timeout_in_good_time(quick_engine):
    with quick_engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "300ms"
        started = time.monotonic()
        with pytest.raises(OperationalError) as failure:
            connection.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 1.5
    # The server's own error, not the app giving up on the connection (that comes 2 s later).
    assert "statement timeout" in str(failure.value.orig)
    with quick_engine.connect() as connection:  # the engine carries on
        assert connection.execute(text("SELECT 1")).scalar_one() == 1


def test_postgresql_connections_send_tcp_keepalives_and_bound_unacknowledged_data(pg_url):
    engine = make_engine(pg_url, statement_timeout_ms=2000)
    try:
        connection = engine.raw_connection()
        try:
            parameters = connection.driver_connection.info.get_parameters()
        finally:
            connection.close()
    finally:
        engine.dispose()
    assert parameters["keepalives"] == "1"
    assert int(parameters["keepalives_idle"]) <= 30
    assert int(parameters["keepalives_interval"]) <= 10
    assert int(parameters["keepalives_count"]) >= 1
    assert int(parameters["tcp_user_timeout"]) > 2000  # longer than the statement timeout


def test_a_url_alone_gives_the_default_timeouts(pg_url):
    engine = make_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "5s"
    finally:
        engine.dispose()


def test_a_statement_timeout_of_zero_means_none_for_long_jobs(pg_url):
    engine = make_engine(pg_url, statement_timeout_ms=0)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "0"
            connection.execute(text("SELECT pg_sleep(0.2)"))
    finally:
        engine.dispose()


# --- The pool wait, on both databases -------------------------------------------------------------


def test_a_request_waiting_for_a_connection_gets_the_503_page_in_good_time(any_database_url):
    app = create_app(app_config(any_database_url, DATABASE_POOL_TIMEOUT_SECONDS=0.5))
    engine = app.extensions["db_engine"]
    held = []
    try:
        client = app.test_client()
        assert answer_page(client, "respondent", "parent_carer").status_code == 302
        page = client.get("/questions/lives_in_area")
        # Every connection the pool may lend is in use (as by other threads); one more must wait.
        with pytest.raises(PoolTimeoutError):
            for _ in range(100):
                held.append(engine.connect())
        response, elapsed = timed(lambda: post_answer(client, "lives_in_area", True, page))
        assert response.status_code == 503
        assert UNAVAILABLE in response.get_data(as_text=True)
        assert 0.4 < elapsed < 2.0
        for connection in held:
            connection.close()
        held.clear()
        assert post_answer(client, "lives_in_area", True).status_code == 302
        assert saved_answers(app) == [{"respondent": "parent_carer", "lives_in_area": True}]
    finally:
        for connection in held:
            connection.close()
        engine.dispose()


# --- SQLite: a writer holding the lock ------------------------------------------------------------


def test_a_save_while_another_writer_holds_sqlite_gets_503_after_the_busy_timeout(
    sqlite_template, tmp_path
):
    path = tmp_path / "wizard.db"
    shutil.copyfile(sqlite_template, path)
    app = create_app(app_config(f"sqlite:///{path}", DATABASE_BUSY_TIMEOUT_MS=300))
    other = sqlite3.connect(path, isolation_level=None)
    try:
        client = app.test_client()
        assert answer_page(client, "respondent", "parent_carer").status_code == 302
        page = client.get("/questions/lives_in_area")
        other.execute("BEGIN EXCLUSIVE")
        response, elapsed = timed(lambda: post_answer(client, "lives_in_area", True, page))
        assert response.status_code == 503
        assert UNAVAILABLE in response.get_data(as_text=True)
        assert 0.25 < elapsed < 2.0
        other.execute("ROLLBACK")
        assert post_answer(client, "lives_in_area", True).status_code == 302
        assert saved_answers(app) == [{"respondent": "parent_carer", "lives_in_area": True}]
    finally:
        other.close()
        app.extensions["db_engine"].dispose()


# --- PostgreSQL frozen with SIGSTOP, on a server this test owns -----------------------------------


@dataclass
class OwnServer:
    """A throwaway PostgreSQL that the test may stop and continue."""

    directory: Path
    url: str

    def processes(self) -> list[int]:
        """The postmaster and every process it started (each in its own session, so no killpg)."""
        postmaster = int((self.directory / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(entry.name))
        return [postmaster, *children]

    def signal_all(self, number: int) -> None:
        """Send a signal to the postmaster first (so it starts no one new), then its children."""
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):  # a child that ended meanwhile
                os.kill(pid, number)


def _pg_bin() -> Path | None:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_postgres() -> Iterator[OwnServer]:
    """Start a PostgreSQL of this test's own (it needs root and the server binaries)."""
    bin_dir = _pg_bin()
    if bin_dir is None or os.geteuid() != 0:
        skip_or_fail("freezing PostgreSQL needs root and the postgresql package (.ci/run has both)")
    # Not under tmp_path: the postgres user must be able to reach the directory.
    directory = Path(tempfile.mkdtemp(prefix="wizard-frozen-pg."))
    directory.chmod(0o755)
    server = OwnServer(directory / "pg", "")
    try:
        started = subprocess.run(
            ["bash", PROJECT_ROOT / ".ci" / "start-postgres", server.directory, str(_free_port())],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        server.url = started.stdout.strip().splitlines()[-1]
        upgrade(server.url)
        yield server
    finally:
        if (server.directory / "data" / "postmaster.pid").exists():
            server.signal_all(signal.SIGCONT)  # never leave a stopped server behind
        pg_ctl = ["runuser", "-u", "postgres", "--", bin_dir / "pg_ctl"]
        subprocess.run(
            [*pg_ctl, "-D", server.directory / "data", "-m", "immediate", "stop"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


def test_a_frozen_postgresql_gives_the_503_page_in_good_time_and_loses_nothing(own_postgres):
    app = create_app(
        app_config(
            own_postgres.url,
            DATABASE_STATEMENT_TIMEOUT_MS=1000,
            DATABASE_CONNECT_TIMEOUT_SECONDS=2,
            DATABASE_POOL_TIMEOUT_SECONDS=2,
        )
    )
    try:
        client = app.test_client()
        assert answer_page(client, "respondent", "parent_carer").status_code == 302
        assert answer_page(client, "lives_in_area", True).status_code == 302
        page = client.get("/questions/birth_month")

        own_postgres.signal_all(signal.SIGSTOP)
        try:
            response, elapsed = timed(lambda: post_answer(client, "birth_month", "2016-03", page))
            assert response.status_code == 503
            assert UNAVAILABLE in response.get_data(as_text=True)
            assert elapsed < 4.5  # the 1 s statement timeout and the 2 s grace (ADR 0017)
            health, elapsed = timed(lambda: client.get("/healthz"))
            assert health.status_code == 503
            assert health.get_json()["database"] == "unavailable"
            assert elapsed < 4.5  # a new connection gives up after the 2 s connect timeout
        finally:
            own_postgres.signal_all(signal.SIGCONT)

        assert client.get("/healthz").status_code == 200
        assert post_answer(client, "birth_month", "2016-03").status_code == 302
        [answers] = saved_answers(app)
        assert answers == {
            "respondent": "parent_carer",
            "lives_in_area": True,
            "birth_month": "2016-03",
        }
    finally:
        app.extensions["db_engine"].dispose()
