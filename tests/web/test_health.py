"""/healthz and the 503 page when the database is down (security rule 20)."""

from __future__ import annotations

from tests.conftest import app_config
from tests.support.pages import csrf_token, heading
from wizard.app import create_app


def test_healthz_reports_app_and_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json
    assert {k: body[k] for k in ("status", "app", "database")} == {
        "status": "ok",
        "app": "ok",
        "database": "ok",
    }
    assert len(body["content_version"]) == 16


def _app_with_unreachable_database(tmp_path):
    # A file inside a directory that does not exist cannot be opened: the database is "down".
    return create_app(app_config(f"sqlite:///{tmp_path}/missing-dir/wizard.db"))


def test_stopped_database_gives_503_health_and_page(tmp_path):
    app = _app_with_unreachable_database(tmp_path)
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json["database"] == "unavailable"
    token = csrf_token(client.get("/feedback"))
    response = client.post("/feedback", data={"csrf_token": token, "satisfaction": "satisfied"})
    assert response.status_code == 503
    assert heading(response) == "Sorry, the service is unavailable"
    assert "Traceback" not in response.get_data(as_text=True)


def test_the_app_recovers_when_the_database_comes_back(tmp_path, sqlite_template):
    app = _app_with_unreachable_database(tmp_path)
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    (tmp_path / "missing-dir").mkdir()
    (tmp_path / "missing-dir" / "wizard.db").write_bytes(sqlite_template.read_bytes())
    assert client.get("/healthz").status_code == 200


def test_unreachable_postgresql_gives_503_not_a_traceback():
    # Nothing listens on port 1: the driver is refused at once, as when the server is stopped.
    app = create_app(app_config("postgresql+psycopg://postgres@127.0.0.1:1/postgres"))
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    token = csrf_token(client.get("/feedback"))
    response = client.post("/feedback", data={"csrf_token": token, "satisfaction": "satisfied"})
    assert response.status_code == 503
    assert heading(response) == "Sorry, the service is unavailable"
