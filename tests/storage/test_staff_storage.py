"""The staff storage seams: one token helper, and named rows for caseloads, notes and audit trails."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from tests.support.staff import make_people
from wizard.storage import audit, cases, limits, tokens
from wizard.storage.staff_models import Case, User


def test_tokens_are_random_url_safe_and_kept_only_as_their_digest():
    made = {tokens.new_token() for _ in range(50)}
    assert len(made) == 50  # never the same twice
    assert all(len(token) == 32 and token.isascii() and "/" not in token for token in made)
    token = made.pop()
    assert tokens.digest(token) == hashlib.sha256(token.encode()).hexdigest() != token
    # The sign-in limits key their counters with the same digest.
    assert limits.limit_key("address", "192.0.2.1") == tokens.digest("address:192.0.2.1")


def test_caseload_notes_and_audit_rows_have_named_fields(any_app):
    people = make_people(any_app)
    sealer = any_app.extensions["sealer"]
    with any_app.extensions["db_sessionmaker"]() as session:
        kw1, kw2 = session.get(User, people.kw1.id), session.get(User, people.kw2.id)
        case_a = session.get(Case, people.case_a)
        moment = datetime.now(UTC)
        cases.share(session, sealer, case_a, kw2.id, kw1.id, moment)
        cases.add_note(session, sealer, case_a, kw1.id, "Rang the school", moment)
        audit.audit(session, "note", case_id=case_a.id, actor_id=kw1.id, now=moment)
        audit.audit(session, "edit", case_id=case_a.id, actor="family", now=moment)
        session.commit()

        [own] = cases.caseload(session, kw1, sealer)
        assert (own.case.id, own.label, own.keyworker) == (people.case_a, "Family A", "Kay Worker")
        assert own.shared_with_me is False and own.reference and own.answers_status == "in_progress"
        shared = {row.case.id: row for row in cases.caseload(session, kw2, sealer)}
        assert shared[people.case_a].shared_with_me and not shared[people.case_b].shared_with_me
        assert [row.label for row in cases.caseload(session, kw2, sealer, search="family b")] == [
            "Family B"
        ]

        [note] = cases.notes_of(session, sealer, case_a)
        assert (note.author, note.text) == ("Kay Worker", "Rang the school")
        trail = audit.audit_trail(session, case_a.id)
        assert [(row.event.action, row.actor_name) for row in trail][-2:] == [
            ("note", "Kay Worker"),
            ("edit", None),
        ]
