"""Importing feeds into the database: examples, the demo, re-imports, full syncs, bad records."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from tests.conftest import count_rows
from tests.support.directory import (
    DEMO_FEED,
    ORUK_SPEC,
    demo_feed,
    demo_service,
    import_into,
    load_demo,
)
from wizard.storage import directory as store
from wizard.storage.directory_models import Attribute, Service, ServiceTag


def _service(app, service_id):
    with app.extensions["db_sessionmaker"]() as session:
        return session.get(Service, service_id)


@pytest.mark.parametrize(
    "name",
    [
        "v3-service_full.json",
        "v3-service_list.json",
        "v3-organization_full.json",
        "v3-taxonomy_term_list.json",
    ],
)
def test_every_spec_example_imports(any_app, name):
    summary = import_into(any_app, str(ORUK_SPEC / "examples" / name))

    assert summary.complete and not summary.rejected, summary.report()
    assert summary.version == "3.0"
    rows = count_rows(any_app)
    if name == "v3-taxonomy_term_list.json":
        assert rows["dir_taxonomy_term"] == 1 and rows["dir_service"] == 0
    else:
        assert rows["dir_service"] == 1 and rows["dir_organization"] == 1


def test_the_full_example_service_is_stored_with_all_its_parts(any_app):
    import_into(any_app, str(ORUK_SPEC / "examples" / "v3-service_full.json"))

    rows = count_rows(any_app)
    for table in (
        "dir_location",
        "dir_service_at_location",
        "dir_contact",
        "dir_schedule",
        "dir_cost_option",
        "dir_service_area",
        "dir_taxonomy_term",
        "dir_attribute",
    ):
        assert rows[table] == 1, table
    service = _service(any_app, "ac148810-d857-441c-9679-408f346de14b")
    assert (service.minimum_age, service.maximum_age, service.status) == (12, 100, "active")


def test_the_demo_feed_imports_and_reimporting_changes_nothing(any_app):
    first = load_demo(any_app)
    before = count_rows(any_app)
    with any_app.extensions["db_sessionmaker"]() as session:
        stamps = dict(session.execute(select(Service.id, Service.imported_at)).all())

    again = load_demo(any_app)

    assert first.created == len(demo_feed()["contents"]) >= 60
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert again.inactivated == 0 and not again.unmapped
    assert count_rows(any_app) == before
    with any_app.extensions["db_sessionmaker"]() as session:
        assert dict(session.execute(select(Service.id, Service.imported_at)).all()) == stamps


def test_a_changed_record_is_updated_and_its_children_replaced(any_app, tmp_path):
    load_demo(any_app)
    feed = demo_feed()
    changed = next(s for s in feed["contents"] if s["id"] == demo_service("camhs"))
    changed["name"] = "CAMHS (renamed)"
    changed["attributes"] = changed["attributes"][:1]
    path = tmp_path / "demo-feed.json"
    path.write_text(json.dumps(feed))

    summary = import_into(any_app, str(path), source_name="demo-feed.json")

    assert (summary.created, summary.updated) == (0, 1)
    assert _service(any_app, demo_service("camhs")).name == "CAMHS (renamed)"
    with any_app.extensions["db_sessionmaker"]() as session:
        attributes = session.scalars(
            select(Attribute).where(Attribute.service_id == demo_service("camhs"))
        ).all()
    assert len(attributes) == 1


def test_a_full_sync_marks_services_missing_from_the_feed_inactive(any_app, tmp_path):
    load_demo(any_app)
    feed = demo_feed()
    gone = demo_service("portage")
    feed["contents"] = [s for s in feed["contents"] if s["id"] != gone]
    path = tmp_path / "demo-feed.json"
    path.write_text(json.dumps(feed))

    summary = import_into(any_app, str(path), source_name="demo-feed.json", full_sync=True)

    assert summary.inactivated == 1
    assert _service(any_app, gone).status == "inactive"
    assert count_rows(any_app)["dir_service"] == len(feed["contents"]) + 1  # kept, not deleted
    # Back in the feed, it is listed again.
    again = load_demo(any_app)
    assert again.updated == 1 and _service(any_app, gone).status == "active"


def test_without_full_sync_nothing_is_inactivated(any_app, tmp_path):
    load_demo(any_app)
    path = tmp_path / "demo-feed.json"
    path.write_text(json.dumps({"contents": demo_feed()["contents"][:5]}))

    summary = import_into(any_app, str(path), source_name="demo-feed.json")

    assert summary.inactivated == 0 and summary.unchanged == 5


def test_bad_records_are_reported_and_skipped_and_the_rest_imported(any_app, tmp_path):
    good = demo_feed()["contents"][:3]
    bad = [
        {"id": "no-name", "status": "active"},
        {"id": "ages", "name": "Backwards ages", "minimum_age": 9, "maximum_age": 2},
    ]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"contents": good + bad}))

    summary = import_into(any_app, str(path))

    assert summary.created == 3
    assert summary.rejected == [
        ("mixed.json", "no-name", "the service has no name"),
        ("mixed.json", "ages", "the minimum age (9) is more than the maximum age (2)"),
    ]
    assert "mixed.json: ages: the minimum age (9) is more than the maximum age (2)" in "\n".join(
        summary.report()
    )


def test_each_batch_commits_whole_or_not_at_all(any_app, tmp_path, monkeypatch):
    services = demo_feed()["contents"][:6]
    path = tmp_path / "six.json"
    path.write_text(json.dumps({"contents": services}))
    real = store.save_services
    calls = []

    def fail_second_batch(session, batch):
        if batch:
            calls.append(len(batch))
        counts = real(session, batch)  # writes the rows, then the batch fails
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("disk full"))
        return counts

    monkeypatch.setattr(store, "save_services", fail_second_batch)

    summary = import_into(any_app, str(path), chunk=2, full_sync=True)

    assert summary.created == 4
    assert [p.label for p in summary.problems] == ["six.json records 3-4"]
    assert "the database refused this batch" in summary.problems[0].message
    assert summary.full_sync_skipped
    saved = {s.id for s in [_service(any_app, s["id"]) for s in services] if s is not None}
    assert saved == {s["id"] for s in services[:2] + services[4:]}


def test_services_are_tagged_and_placed_by_the_mapping(any_app):
    load_demo(any_app)

    with any_app.extensions["db_sessionmaker"]() as session:
        tags = store.tags_of(session, demo_service("slt-children"))
    assert tags == {
        "category": ["health"],
        "need": ["communication_interaction"],
        "action": ["therapy-referral"],
    }
    assert _service(any_app, demo_service("northfield-special-school")).in_area is False
    assert _service(any_app, demo_service("slt-children")).in_area is True
    assert _service(any_app, demo_service("slt-children")).free is True
    assert _service(any_app, demo_service("inclusive-swimming")).free is False


def test_unmapped_terms_are_listed(any_app):
    summary = import_into(any_app, str(ORUK_SPEC / "examples" / "v3-service_full.json"))

    assert summary.unmapped == {"name": 1}
    assert "  1 taxonomy terms are not in questions/directory/mapping.yaml:" in summary.report()


def test_the_import_command_prints_a_summary_and_fails_on_problems(app, tmp_path):
    runner = app.test_cli_runner()

    good = runner.invoke(args=["directory", "import", str(DEMO_FEED), "--full-sync"])
    missing = runner.invoke(args=["directory", "import", str(tmp_path / "none.json")])

    assert good.exit_code == 0, good.output
    assert "Imported demo-feed.json (Open Referral UK 3.0):" in good.output
    assert missing.exit_code == 1
    assert "there is no file or folder with this name" in missing.output


def test_tag_rows_cover_every_demo_service(any_app):
    load_demo(any_app)
    with any_app.extensions["db_sessionmaker"]() as session:
        tagged = set(
            session.scalars(select(ServiceTag.service_id).where(ServiceTag.kind == "category"))
        )
    assert tagged == {s["id"] for s in demo_feed()["contents"]}


def test_an_import_that_changed_the_directory_refreshes_the_planners_statistics(any_app):
    """Straight after a big import the planner must know the tables' sizes, or it walks every
    service where an index would stop at a page's end (ADR 0038)."""
    engine = any_app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        # Counted, not tested for being set: an earlier test on this server may have analysed.
        query = (
            "SELECT coalesce(max(analyze_count), 0) FROM pg_stat_user_tables"
            " WHERE relname = 'dir_service_tag'"
        )
    else:
        query = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
    with engine.connect() as connection:
        before = connection.execute(text(query)).scalar()

    load_demo(any_app)

    with engine.connect() as connection:
        assert connection.execute(text(query)).scalar() == before + 1


# --- Text a database cannot store (issue 14) -----------------------------------------------------

NUL_REASON = "the record holds a NUL character (\\u0000) in {}, which cannot be stored"
SURROGATE_REASON = (
    "the record holds half of a surrogate pair (such as \\ud800) on its own in {},"
    " which cannot be stored"
)


def _with(service: dict, where: str, value: str) -> dict:
    changed = json.loads(json.dumps(service))
    if where == "description":
        changed["description"] = value
    elif where == "contacts":
        changed["contacts"] = [{"id": "c1", "name": value}]
    else:  # a taxonomy term's name, inside an attribute
        changed["attributes"][0]["taxonomy_term"]["name"] = value
    return changed


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("description", "description"),
        ("contacts", "contacts[0].name"),
        ("term", "attributes[0].taxonomy_term.name"),
    ],
)
@pytest.mark.parametrize(
    ("bad", "reason"),
    [("\x00", NUL_REASON), ("\ud800", SURROGATE_REASON)],
    ids=["nul", "surrogate"],
)
def test_text_the_database_cannot_store_skips_only_that_record(
    any_app, tmp_path, where, field, bad, reason
):
    services = demo_feed()["contents"][:4]
    services[2] = _with(services[2], where, f"Before{bad}after")
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": services}))  # written as \u0000 or \ud800

    summary = import_into(any_app, str(path), full_sync=True)

    assert summary.complete, summary.report()
    assert summary.created == 3
    assert summary.rejected == [("feed.json", services[2]["id"], reason.format(field))]
    assert _service(any_app, services[2]["id"]) is None
    assert {_service(any_app, s["id"]).name for s in services[:2] + services[3:]}
    assert not summary.full_sync_skipped  # a skipped record is not an unread part of the feed


def test_an_id_with_a_nul_is_reported_readably(any_app, tmp_path):
    services = demo_feed()["contents"][:2]
    services[1] = {**services[1], "id": "abc\x00def"}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": services}))

    summary = import_into(any_app, str(path))

    assert summary.created == 1
    assert summary.rejected == [("feed.json", "abc\\u0000def", NUL_REASON.format("id"))]
    assert "\x00" not in "\n".join(summary.report())


def test_a_nul_in_a_listed_taxonomy_term_skips_that_term(any_app, tmp_path):
    terms = json.loads((ORUK_SPEC / "examples" / "v3-taxonomy_term_list.json").read_text())
    bad = json.loads(json.dumps(terms["contents"][0]))
    bad["id"] = "7c9d3cbb-0000-4000-8000-000000000001"
    bad["description"] = "Before\x00after"
    terms["contents"].append(bad)
    path = tmp_path / "terms.json"
    path.write_text(json.dumps(terms))

    summary = import_into(any_app, str(path))

    assert summary.complete, summary.report()
    assert summary.rejected == [("terms.json", bad["id"], NUL_REASON.format("description"))]
    assert count_rows(any_app)["dir_taxonomy_term"] == 1


def test_a_nul_in_an_organization_skips_its_services_and_says_where(any_app, tmp_path):
    organization = json.loads((ORUK_SPEC / "examples" / "v3-organization_full.json").read_text())
    organization["name"] = "Before\x00after"
    path = tmp_path / "organization.json"
    path.write_text(json.dumps(organization))

    summary = import_into(any_app, str(path))

    assert summary.complete and summary.created == 0
    [(_label, _id, reason)] = summary.rejected
    assert reason == NUL_REASON.format("organization.name")
