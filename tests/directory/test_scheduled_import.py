"""The scheduled sync: `flask directory sync` imports DIRECTORY_FEED_URL whole or not at all, each
run (and each `flask directory import`) is recorded, and the editors' page shows the last one."""

from __future__ import annotations

import copy
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from tests.conftest import count_rows
from tests.directory.test_http_import import v3_routes
from tests.support.directory import DEMO_FEED, QUICK, Route, demo_feed, import_into, serve_api
from tests.support.pages import parse, text_of
from tests.support.staff import make_staff, sign_in
from wizard.directory.sync import sync
from wizard.storage import directory as directory_store
from wizard.storage.directory_models import ImportRun, Service

SYNC = ["directory", "sync", "--timeout", "0.5", "--retries", "0", "--per-page", "3"]


def names(app) -> list[str]:
    with app.extensions["db_sessionmaker"]() as session:
        return sorted(session.scalars(select(Service.name)))


def renamed(services):
    changed = copy.deepcopy(services)
    for service in changed:
        service["name"] = service["name"] + " (renamed)"
    return changed


def page_query(page: int) -> str:
    return "/services?" + urlencode({"page": page, "per_page": QUICK.per_page})


def run_sync(app, url):
    return sync(
        app.extensions["db_engine"],
        url,
        app.extensions["directory_mapping"],
        source_name=url,
        limits=QUICK,
    )


def test_a_sync_that_fails_half_way_leaves_the_directory_as_it_was(any_app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        assert run_sync(any_app, api.url).applied
        before_rows, before_names = count_rows(any_app), names(any_app)
        api.routes = v3_routes(renamed(services))
        api.routes[page_query(2)] = Route({"error": "down"}, status=500)

        result = run_sync(any_app, api.url)

    assert not result.applied
    assert result.failures == ["page 2: the server answered 500 (tried 2 times)"]
    assert (count_rows(any_app), names(any_app)) == (before_rows, before_names)


def test_a_plain_import_of_the_same_failing_feed_keeps_the_pages_it_read(app):
    """Why the sync reads first: an import commits page by page."""
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        assert run_sync(app, api.url).applied
        api.routes = v3_routes(renamed(services))
        api.routes[page_query(2)] = Route({"error": "down"}, status=500)
        summary = import_into(app, api.url, limits=QUICK, source_name=api.url)

    assert not summary.complete
    # pages 1 and 3 were saved (3 services and 1), page 2's three were not
    assert sum(name.endswith("(renamed)") for name in names(app)) == 4


def test_a_batch_the_database_refuses_undoes_the_whole_sync(any_app, monkeypatch):
    services = demo_feed()["contents"][:7]
    real = directory_store.save_services
    calls = []

    def refuse_the_second(session, prepared):
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("refused"))
        return real(session, prepared)

    monkeypatch.setattr(directory_store, "save_services", refuse_the_second)
    with serve_api(v3_routes(services)) as api:
        result = run_sync(any_app, api.url)

    assert len(calls) == 3  # the import went on past the refused batch, then undid it all
    assert not result.applied
    assert names(any_app) == []
    assert count_rows(any_app)["dir_service"] == 0


def test_a_sync_reads_every_page_once_before_it_imports(app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        result = run_sync(app, api.url)
        listed = [hit for hit in api.hits if hit.startswith("/services?")]

    assert result.applied and result.summary.created == 7
    assert listed == [page_query(1), page_query(2), page_query(3)]


def test_the_sync_command_records_its_run_and_the_editors_page_shows_it(make_app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        app = make_app(DIRECTORY_FEED_URL=api.url)
        result = app.test_cli_runner().invoke(args=SYNC)
    assert result.exit_code == 0, result.output
    assert "7 new, 0 updated, 0 unchanged services" in result.output

    with app.extensions["db_sessionmaker"]() as session:
        (run,) = session.scalars(select(ImportRun))
    assert (run.kind, run.outcome, run.created, run.failures) == ("sync", "succeeded", 7, [])
    assert run.finished_at is not None and run.finished_at >= run.started_at

    editor = app.test_client()
    sign_in(editor, make_staff(app, "ed@council.example", "Ed Editor", "editor"))
    shown = text_of(parse(editor.get("/staff/directory")).select_one(".app-last-run"))
    assert "Outcome Succeeded" in shown and f"Sync of {api.url}" in shown
    assert "7 new, 0 updated, 0 unchanged, 0 marked inactive, 0 records skipped" in shown


def test_a_failed_sync_exits_1_and_the_editors_page_shows_what_failed(make_app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        api.routes[page_query(2)] = Route({"error": "down"}, status=503)
        app = make_app(DIRECTORY_FEED_URL=api.url)
        result = app.test_cli_runner().invoke(args=SYNC)

    assert result.exit_code == 1
    assert "The sync failed, so the directory was left as it was." in result.output
    assert names(app) == []
    editor = app.test_client()
    sign_in(editor, make_staff(app, "ed@council.example", "Ed Editor", "editor"))
    page = parse(editor.get("/staff/directory"))
    assert "Failed: nothing was changed" in text_of(page.select_one(".app-last-run"))
    assert [text_of(li) for li in page.select(".app-run-failures li")] == [
        "page 2: the server answered 503 (tried 1 times)"
    ]


def test_sync_without_a_feed_url_says_what_to_set(app):
    result = app.test_cli_runner().invoke(args=["directory", "sync"])
    assert result.exit_code == 2
    assert "Set DIRECTORY_FEED_URL" in result.output


def test_an_import_from_the_command_line_is_recorded_too(app):
    result = app.test_cli_runner().invoke(args=["directory", "import", str(DEMO_FEED)])
    assert result.exit_code == 0, result.output
    with app.extensions["db_sessionmaker"]() as session:
        (run,) = session.scalars(select(ImportRun))
    assert (run.kind, run.source, run.outcome) == ("import", "demo-feed.json", "succeeded")
    assert run.created >= 60


def test_the_editors_page_says_when_no_import_was_recorded(app):
    editor = app.test_client()
    sign_in(editor, make_staff(app, "ed@council.example", "Ed Editor", "editor"))
    assert "No import has been recorded yet." in text_of(parse(editor.get("/staff/directory")))


def test_import_without_a_source_imports_the_configured_feed_as_a_sync(make_app):
    services = demo_feed()["contents"][:7]
    with serve_api(v3_routes(services)) as api:
        app = make_app(DIRECTORY_FEED_URL=api.url)
        args = ["directory", "import", "--timeout", "0.5", "--retries", "0", "--per-page", "3"]
        result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "7 new, 0 updated, 0 unchanged services" in result.output
    with app.extensions["db_sessionmaker"]() as session:
        (run,) = session.scalars(select(ImportRun))
    assert (run.kind, run.outcome) == ("sync", "succeeded")
    assert len(names(app)) == 7
