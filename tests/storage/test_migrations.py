"""Alembic migrations on SQLite and PostgreSQL: upgrade from empty, downgrade to empty, settings."""

from __future__ import annotations

from sqlalchemy import inspect, text

from wizard.storage.db import make_engine
from wizard.storage.migrate import downgrade, upgrade
from wizard.storage.models import Base


def test_migrations_match_the_models_and_downgrade_cleanly(any_database_url):
    engine = make_engine(any_database_url)
    tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    downgrade(any_database_url, "base")
    assert set(inspect(engine).get_table_names()) - {"alembic_version"} == set()
    upgrade(any_database_url)
    assert set(inspect(engine).get_table_names()) - {"alembic_version"} == set(Base.metadata.tables)
    engine.dispose()


def test_models_and_migrations_agree_column_by_column(any_database_url):
    engine = make_engine(any_database_url)
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        migrated = {c["name"]: c["nullable"] for c in inspector.get_columns(table.name)}
        modelled = {c.name: c.nullable for c in table.columns}
        assert migrated == modelled, table.name
    engine.dispose()


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_flask_db_upgrade_command(app, runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database upgraded to head." in result.output


def test_an_update_after_someone_else_saved_is_refused(app):
    import pytest

    from tests.support.personas import NEUTRAL
    from tests.support.web_journey import seed_assessment
    from wizard.storage import assessments

    token = seed_assessment(app, NEUTRAL, upto="ehc_status")
    sealer = app.extensions["sealer"]
    with app.extensions["db_sessionmaker"]() as session:
        first = assessments.find_by_token(session, token, sealer)
        second = assessments.find_by_token(session, token, sealer)
        assessments.update(session, first, sealer, status="changed")
        with pytest.raises(assessments.StaleRecord):
            assessments.update(session, second, sealer, status="finished")
        assert assessments.reload(session, second, sealer).status == "changed"


def test_upgrading_from_the_previous_release_keeps_families_answers(any_database_url):
    """A database at 0003 (before the directory and the staff tables) with saved answers upgrades,
    and the answers still open, with nobody recorded as having given them yet."""
    from wizard.storage import assessments, tokens
    from wizard.storage.sealing import Sealer, key_from_secret

    downgrade(any_database_url, "0003")
    engine = make_engine(any_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessment (token_hash, reference, content_version, known_nodes, answers,"
                " answer_versions, passed, status, created_at, updated_at, version)"
                " VALUES (:hash, 'AAA-BBB-CCC', 'v1', '[]', '{\"respondent\": \"parent_carer\"}', '{}',"
                " '[]', 'in_progress', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
            ),
            {"hash": tokens.digest("old-token")},
        )
    upgrade(any_database_url)
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        record = assessments.find_by_token(session, "old-token", Sealer(key_from_secret("x" * 32)))
    assert record is not None
    assert record.answers == {"respondent": "parent_carer"} and record.answered_by == {}
    engine.dispose()


def test_upgrading_to_0006_cancels_invitation_links_a_newer_one_overtook(any_database_url):
    """Links already sent before invitations could be cancelled: the newest open one keeps working,
    an older one does not, and neither does one made before another link was accepted."""
    downgrade(any_database_url, "0005")
    engine = make_engine(any_database_url)
    invites = [
        # (user, token hash, created, used)
        (1, "a-old", "2026-11-30 09:00:00", None),
        (1, "a-new", "2026-11-30 10:00:00", None),
        (2, "b-open", "2026-11-30 09:00:00", None),
        (2, "b-taken", "2026-11-30 08:00:00", "2026-11-30 11:00:00"),
        (3, "c-taken", "2026-11-30 08:00:00", "2026-11-30 08:30:00"),
        (3, "c-reset", "2026-11-30 12:00:00", None),
    ]
    with engine.begin() as connection:
        for user in (1, 2, 3):
            connection.execute(
                text(
                    "INSERT INTO staff_user (id, email, name, role, totp_last_step, active,"
                    " created_at) VALUES (:id, :email, 'Someone', 'keyworker', 0, :yes,"
                    " CURRENT_TIMESTAMP)"
                ),
                {"id": user, "email": f"person{user}@demo.example", "yes": True},
            )
        for number, (user, token, created, used) in enumerate(invites, start=1):
            connection.execute(
                text(
                    "INSERT INTO staff_invite (id, token_hash, user_id, created_at, expires_at,"
                    " used_at) VALUES (:id, :token, :user, :created, '2026-12-30 00:00:00', :used)"
                ),
                {"id": number, "token": token, "user": user, "created": created, "used": used},
            )
    upgrade(any_database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT token_hash, cancelled_at IS NOT NULL FROM staff_invite")
        ).all()
    engine.dispose()

    cancelled = {token for token, is_cancelled in rows if is_cancelled}
    assert cancelled == {"a-old", "b-open"}


def test_labels_and_comments_written_before_0007_are_still_read_and_sealed_on_the_next_save(
    any_database_url,
):
    """0007 runs without the server key, so older labels and comments stay readable as they are;
    a label is sealed the next time the case is changed."""
    from datetime import UTC, datetime

    from sqlalchemy.orm import Session

    from wizard.storage import cases, feedback
    from wizard.storage.sealing import Sealer, key_from_secret
    from wizard.storage.staff_models import Case

    sealer = Sealer(key_from_secret("x" * 32))
    downgrade(any_database_url, "0006")
    engine = make_engine(any_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff_user (id, email, name, role, totp_last_step, active, created_at)"
                " VALUES (1, 'kay@demo.example', 'Kay', 'keyworker', 0, :yes, CURRENT_TIMESTAMP)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO staff_case (id, label, owner_id, status, consent_by, consent_on,"
                " consent_to, consent_recorded_by, data_key, created_at, updated_at) VALUES (1,"
                " 'Old Label Smith', 1, 'open', 'parent_carer', '2026-11-01', '[\"answers\"]', 1,"
                " :key, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ),
            {"key": sealer.new_data_key("case:1")[1]},
        )
        connection.execute(
            text(
                "INSERT INTO feedback (id, created_at, satisfaction, comments)"
                " VALUES (1, CURRENT_TIMESTAMP, 'satisfied', 'Old comment from Jo Smith')"
            )
        )
    upgrade(any_database_url)

    with Session(engine) as session:
        case = session.get(Case, 1)
        assert cases.label_of(case, sealer) == "Old Label Smith"
        assert [comments for _when, _how, comments in feedback.latest(session, sealer)] == [
            "Old comment from Jo Smith"
        ]
        cases.set_case_status(session, sealer, case, "closed", datetime.now(UTC))
        session.commit()
    with engine.connect() as connection:
        assert "Smith" not in str(connection.execute(text("SELECT * FROM staff_case")).all())
    with Session(engine) as session:
        assert cases.label_of(session.get(Case, 1), sealer) == "Old Label Smith"
    engine.dispose()


def test_upgrading_to_0012_files_stored_services_under_their_terms_vocabularies(any_database_url):
    """A directory imported before vocabulary tags existed answers ORUK's taxonomy_id after the
    upgrade exactly as one imported after it."""
    from tests.conftest import app_config
    from tests.support.directory import load_demo
    from wizard.app import create_app

    app = create_app(app_config(any_database_url))
    assert load_demo(app).complete
    query = "SELECT service_id, value FROM dir_service_tag WHERE kind = 'vocabulary'"
    engine = app.extensions["db_engine"]
    with engine.connect() as connection:
        imported = set(connection.execute(text(query)).all())
    assert imported, "the demo's terms belong to a vocabulary"

    downgrade(any_database_url, "0011")
    with engine.connect() as connection:
        assert connection.execute(text(query)).all() == []
    upgrade(any_database_url)
    with engine.connect() as connection:
        assert set(connection.execute(text(query)).all()) == imported
    engine.dispose()


def test_upgrading_to_0013_gives_stored_plan_answers_only_their_month(any_database_url):
    """A "Did this plan help?" answer stored before answers waited for a batch kept its exact time
    in updated_at; after the upgrade it keeps only its month there too (ADR 0041)."""
    downgrade(any_database_url, "0012")
    engine = make_engine(any_database_url)
    insert = (
        "INSERT INTO local_offer_comment (created_at, updated_at, audience, topic, plan_helped,"
        " may_publish, data_key, sealed_words, has_contact, theme, status, status_reason,"
        " published_words) VALUES (:month, :exact, :audience, 'this_service', 'yes', false,"
        " '', '{}', false, '', 'new', '', '')"
    )
    month, exact = "2026-11-01 00:00:00+00:00", "2026-11-17 14:03:27+00:00"
    with engine.begin() as connection:
        for audience in ("plan", "family"):
            connection.execute(text(insert), {"month": month, "exact": exact, "audience": audience})
    upgrade(any_database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT audience, created_at, updated_at FROM local_offer_comment")
        ).all()
    times = {audience: (created, updated) for audience, created, updated in rows}
    assert times["plan"][1] == times["plan"][0]  # the month, like created_at
    assert times["family"][1] != times["family"][0]  # other comments are left as they were
    engine.dispose()


def test_upgrading_to_0014_gives_stored_numbers_the_place_they_were_listed_in(any_database_url):
    """Numbers stored before they had a position were listed by id; after the upgrade each has its
    place in that order among its owner's numbers (the service's own, or one contact's), so
    nothing families or /oruk/ see moves (ADR 0043)."""
    from tests.conftest import app_config
    from tests.support.directory import demo_service, load_demo
    from wizard.app import create_app

    app = create_app(app_config(any_database_url))
    assert load_demo(app).complete
    service = demo_service("sendiass-advice-line")
    engine = app.extensions["db_engine"]
    downgrade(any_database_url, "0013")
    insert = (
        "INSERT INTO dir_phone (id, service_id, contact_id, number, description)"
        " VALUES (:id, :service, :contact, '020 7946 0300', '')"
    )
    added = [
        # (id, contact): inserted out of id order, the service's own and a contact's mixed
        ("e0000000-0000-4000-8000-000000000003", None),
        ("00000000-0000-4000-8000-000000000001", "contact-1"),
        ("e0000000-0000-4000-8000-000000000001", None),
        ("e0000000-0000-4000-8000-000000000002", "contact-1"),
        ("00000000-0000-4000-8000-000000000002", None),
    ]
    with engine.begin() as connection:
        for phone_id, contact in added:
            connection.execute(
                text(insert), {"id": phone_id, "service": service, "contact": contact}
            )
        listed = connection.execute(
            text("SELECT contact_id, id FROM dir_phone WHERE service_id = :s ORDER BY id"),
            {"s": service},
        ).all()
    upgrade(any_database_url)
    with engine.connect() as connection:
        positions = dict(
            connection.execute(
                text("SELECT id, position FROM dir_phone WHERE service_id = :s"), {"s": service}
            ).all()
        )
        elsewhere = connection.execute(
            text("SELECT DISTINCT position FROM dir_phone WHERE service_id <> :s"), {"s": service}
        ).all()
    engine.dispose()

    for owner in (None, "contact-1"):
        in_order = [phone_id for contact, phone_id in listed if contact == owner]
        assert [positions[phone_id] for phone_id in in_order] == list(range(len(in_order))), owner
    assert len(listed) == 6  # the demo's own number and the five added
    assert elsewhere == [(0,)]  # every other demo service gives one number: the first
