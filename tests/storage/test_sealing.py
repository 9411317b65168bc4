"""Security rule 14: answers, notes and plans are encrypted at rest; tampering is caught cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from tests.conftest import app_config
from tests.support.pages import csrf_token, heading
from tests.support.personas import LETTER_FAMILY
from tests.support.web_journey import complete_journey, seed
from wizard.app import create_app
from wizard.config import ConfigError
from wizard.storage import assessments
from wizard.storage.models import Assessment
from wizard.storage.sealing import Sealer, UnreadableData, key_from_setting

SENTINEL = "Zebedee-Sentinel-7731"


def raw_dump(app, tables=None) -> str:
    """The rows of `tables` (every table by default) as the database holds them, as one string."""
    from wizard.storage.models import Base

    with app.extensions["db_engine"].connect() as connection:
        return " ".join(
            str(row)
            for name in (tables or Base.metadata.tables)
            for row in connection.execute(text(f'SELECT * FROM "{name}"'))
        )


def test_no_answer_or_plan_text_is_stored_in_the_clear(make_app):
    app = make_app(FIXED_NOW="2026-11-30")
    client = app.test_client()
    family = {**LETTER_FAMILY, "first_name": SENTINEL, "child_strengths": f"Loves {SENTINEL}"}
    complete_journey(client, family)
    assert SENTINEL in client.get("/plan/").get_data(as_text=True)  # the plan calls Sam by name
    dump = raw_dump(app)
    assert dump, "nothing was stored"
    assert SENTINEL not in dump
    # Insight's anonymous record keeps a few option values in the clear on purpose, linked to no
    # one (tests/insight/test_record.py); every other table holds none of the answers.
    from wizard.storage.models import Base

    others = [name for name in Base.metadata.tables if not name.startswith("insight_")]
    linked = raw_dump(app, others)
    assert "sen_support" not in linked and "mainstream_school" not in linked
    assert "request-ehc-assessment" not in linked  # the plan snapshot is sealed too


def tamper(app, column: str) -> None:
    """Alter the last characters of one sealed column of the only assessment, as an attacker might."""
    with app.extensions["db_sessionmaker"]() as session:
        stored = session.scalars(select(Assessment)).one()
        sealed = dict(getattr(stored, column))
        sealed["sealed"] = sealed["sealed"][:-4] + (
            "AAAA" if not sealed["sealed"].endswith("AAAA") else "BBBB"
        )
        session.execute(update(Assessment).values({column: sealed}))
        session.commit()


def test_a_tampered_ciphertext_gives_a_clean_error(app, client):
    seed(client, LETTER_FAMILY, upto="ehc_status")
    tamper(app, "answers")
    response = client.get("/questions/ehc_status")
    assert response.status_code == 500
    assert heading(response) == "Sorry, your saved answers cannot be opened"
    assert "Traceback" not in response.get_data(as_text=True)
    assert client.get("/questions/").headers["Location"].endswith("/questions/respondent")


def test_a_value_moved_to_another_column_does_not_open(app):
    sealer: Sealer = app.extensions["sealer"]
    key, _wrapped = sealer.new_data_key("owner-a")
    envelope = sealer.seal(key, {"x": 1}, "owner-a", "answers")
    assert sealer.open(key, envelope, "owner-a", "answers") == {"x": 1}
    with pytest.raises(UnreadableData):
        sealer.open(key, envelope, "owner-a", "plan")
    with pytest.raises(UnreadableData):
        sealer.open(key, envelope, "owner-b", "answers")


def test_rows_saved_before_sealing_are_read_and_sealed_on_the_next_save(app, client):
    from tests.support.content import real_content

    content = real_content()
    with app.extensions["db_sessionmaker"]() as session:
        legacy, token = assessments.create(
            session, content.version, list(content.graph.nodes)
        )  # no sealer
        legacy.answers = {"respondent": "parent_carer"}
        legacy.answer_versions = {"respondent": 1}
        legacy.passed = ["respondent"]
        session.commit()
    with client.session_transaction() as browser:
        browser["token"] = token
    page = client.get("/questions/lives_in_area")
    assert page.status_code == 200
    client.post(
        "/questions/lives_in_area",
        data={"csrf_token": csrf_token(page), "answer_version": "0", "lives_in_area": "yes"},
    )
    with app.extensions["db_sessionmaker"]() as session:
        row = session.scalars(select(Assessment)).one()
        assert row.data_key and "sealed" in row.answers and "parent_carer" not in str(row.answers)
        record = assessments.find_by_token(session, token, app.extensions["sealer"])
        assert record.answers == {"respondent": "parent_carer", "lives_in_area": True}


def test_production_needs_a_data_key(database_url):
    settings = app_config(
        database_url,
        WIZARD_ENV="production",
        SECRET_KEY="s" * 40,
        PUBLIC_URL="https://planner.demo.example",
    )
    with pytest.raises(ConfigError, match="DATA_KEY"):
        create_app(settings)
    create_app({**settings, "DATA_KEY": "ab" * 32})


@pytest.mark.parametrize("value", ["short", "zz" * 32, "ab" * 31])
def test_a_malformed_data_key_is_refused(value):
    with pytest.raises(ValueError, match="32 bytes"):
        key_from_setting(value)


def test_question_pages_leave_the_plan_sealed_and_the_plan_page_opens_it(make_app, monkeypatch):
    app = make_app(FIXED_NOW="2026-11-30")
    client = app.test_client()
    complete_journey(client, LETTER_FAMILY)
    opened: list[str] = []
    real_open = Sealer.open

    def spying_open(data_key, envelope, owner, column):  # type: ignore[no-untyped-def]
        opened.append(column)
        return real_open(data_key, envelope, owner, column)

    monkeypatch.setattr(Sealer, "open", staticmethod(spying_open))
    assert client.get("/questions/lives_in_area").status_code == 200
    assert "answers" in opened and "plan" not in opened  # the largest column is left alone
    assert client.get("/plan/").status_code == 200
    assert "plan" in opened


def test_a_tampered_plan_still_lets_the_family_change_answers(app, client):
    complete_journey(client, LETTER_FAMILY)
    tamper(app, "plan")
    assert client.get("/questions/lives_in_area").status_code == 200
    response = client.get("/plan/")
    assert response.status_code == 500
    assert heading(response) == "Sorry, your saved answers cannot be opened"


def raw_rows(app, table: str) -> str:
    """One table's rows exactly as the database holds them, as one string."""
    with app.extensions["db_engine"].connect() as connection:
        return " ".join(str(row) for row in connection.execute(text(f'SELECT * FROM "{table}"')))


def test_case_labels_and_feedback_comments_are_not_stored_in_the_clear(any_app):
    """Labels and comments can hold names: only the pages that show them can read them."""
    from tests.support.staff import make_people, post, sign_in

    people = make_people(any_app)
    keyworker = any_app.test_client()
    sign_in(keyworker, people.kw1)
    page = keyworker.get("/staff/cases/new")
    made = keyworker.post(
        "/staff/cases/new",
        data={
            "csrf_token": csrf_token(page),
            "label": f"{SENTINEL} and Sons",
            "consent_by": "parent_carer",
            "consent_day": "1",
            "consent_month": "11",
            "consent_year": "2026",
            "consent_to": ["answers", "share", "notes"],
        },
    )
    assert made.status_code == 302
    visitor = any_app.test_client()
    visitor.post(
        "/feedback",
        data={
            "csrf_token": csrf_token(visitor.get("/feedback")),
            "satisfaction": "satisfied",
            "comments": f"My name is {SENTINEL}",
        },
    )

    assert SENTINEL not in raw_rows(any_app, "staff_case")
    assert SENTINEL not in raw_rows(any_app, "feedback")
    assert SENTINEL not in raw_dump(any_app)
    # ...and the people allowed to see them still do.
    assert heading(keyworker.get(made.headers["Location"])) == f"{SENTINEL} and Sons"
    assert SENTINEL in keyworker.get(f"/staff/?q={SENTINEL.lower()}").get_data(as_text=True)
    post(keyworker, f"{made.headers['Location']}/questions", page=made.headers["Location"])
    banner = keyworker.get("/questions/respondent").get_data(as_text=True)
    assert f"You are filling in the questions for <strong>{SENTINEL} and Sons" in banner
    editor = any_app.test_client()
    sign_in(editor, people.editor)
    assert f"My name is {SENTINEL}" in editor.get("/staff/feedback").get_data(as_text=True)


def test_a_label_moved_to_another_case_does_not_open(any_app):
    """Each label is bound to its own case: copied onto another row, it fails instead of misleading."""
    from tests.support.staff import make_people
    from wizard.storage import cases
    from wizard.storage.staff_models import Case

    people = make_people(any_app)
    sealer = any_app.extensions["sealer"]
    with any_app.extensions["db_sessionmaker"]() as session:
        case_a, case_b = session.get(Case, people.case_a), session.get(Case, people.case_b)
        assert cases.label_of(case_a, sealer) == "Family A"
        case_b.sealed_label = case_a.sealed_label
        session.commit()
        with pytest.raises(UnreadableData):
            cases.label_of(case_b, sealer)
