"""`flask keys rotate`: every data key wrapped again under a new DATA_KEY, resumable and verified."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from tests.support.directory import load_demo
from tests.support.personas import LETTER_FAMILY
from tests.support.staff import make_people, open_case
from tests.support.web_journey import complete_journey
from wizard.storage import (
    assessments,
    cases,
    feedback,
    insight,
    key_rotation,
    listing_reports,
    local_offer_comments,
    staff_accounts,
)
from wizard.storage.directory_models import Service
from wizard.storage.insight import InsightSectionPending
from wizard.storage.models import Assessment, Feedback, PlanAnswerPending
from wizard.storage.staff_models import Case, User

SENTINEL = "Zebedee-Sentinel-7731"


def family_and_staff(app) -> None:
    """A finished family (answers and plan), staff with authenticators, a case with a note and a
    label naming the family, and feedback naming someone."""
    complete_journey(app.test_client(), {**LETTER_FAMILY, "first_name": SENTINEL})
    people = make_people(app)
    open_case(app, people.kw1, f"{SENTINEL} family")
    with app.extensions["db_sessionmaker"]() as session:
        case = session.get(Case, people.case_a)
        cases.add_note(
            session, app.extensions["sealer"], case, case.owner_id, SENTINEL, case.created_at
        )
        feedback.save(session, app.extensions["sealer"], "satisfied", f"Thanks from {SENTINEL}")
        local_offer_comments.save(
            session,
            app.extensions["sealer"],
            audience="family",
            topic="transport",
            words=local_offer_comments.Words(
                comment=f"Bus for {SENTINEL}", contact_email="a@b.example"
            ),
            may_publish=False,
        )
        session.commit()
        # An answer to "Did this plan help?" still waiting for its batch, with a comment.
        ref = local_offer_comments.hold_plan_answer(session, app.extensions["sealer"], "partly")
        session.commit()
        local_offer_comments.add_to_plan_answer(
            session, app.extensions["sealer"], ref, f"Plan for {SENTINEL}", False
        )
        session.commit()
    load_demo(app)
    with app.extensions["db_sessionmaker"]() as session:
        service_id = session.scalars(select(Service.id).order_by(Service.id)).first()
        listing_reports.save(
            session,
            app.extensions["sealer"],
            service_id,
            f"Wrong phone, says {SENTINEL}",
            listing_reports.Contact(name="Pat"),
        )
        session.commit()


def everything_read_with(app) -> list[str]:
    """What the app reads back with its own key: the first name, the plan, every note and secret."""
    sealer = app.extensions["sealer"]
    read = []
    with app.extensions["db_sessionmaker"]() as session:
        for assessment_id in session.scalars(select(Assessment.id)):
            record = assessments.find_by_id(session, assessment_id, sealer)
            read.append(record.answers.get("first_name", ""))
            if record.status == "finished":
                assert record.plan and record.plan["actions"]
        for case in session.scalars(select(Case)):
            read.append(cases.label_of(case, sealer))
            read += [note.text for note in cases.notes_of(session, sealer, case)]
        read += [comments for _when, _how, comments in feedback.latest(session, sealer)]
        read += [item.words.comment for item in local_offer_comments.queue(session, sealer)]
        read += [report.problem for report in listing_reports.open_reports(session, sealer)]
        for waiting in session.scalars(select(PlanAnswerPending)):
            read.append(local_offer_comments.open_plan_answer(sealer, waiting).comment)
        for section in session.scalars(select(InsightSectionPending)):
            assert insight.open_section_pending(sealer, section)
        for user in session.scalars(select(User)):
            assert staff_accounts.totp_secret_of(user, sealer)
    return read


def rotate(app, old_key: str, tmp_path):
    key_file = tmp_path / "old-key"
    key_file.write_text(old_key)
    return app.test_cli_runner().invoke(args=["keys", "rotate", "--old-key-file", str(key_file)])


def test_rotation_wraps_every_key_again_and_everything_reads_back(make_app, tmp_path):
    old_key, new_key = secrets.token_hex(32), secrets.token_hex(32)
    family_and_staff(make_app(DATA_KEY=old_key))
    app = make_app(DATA_KEY=new_key)
    first = rotate(app, old_key, tmp_path)
    assert first.exit_code == 0, first.output
    # the family's answers and the answers of the three keyworkers' cases
    assert "answers: 4 keys wrapped again, 0 already under the new key" in first.output
    assert "cases: 3 keys wrapped again" in first.output
    assert "staff authenticators: 4 keys wrapped again" in first.output
    assert "feedback: 1 keys wrapped again" in first.output
    assert "Local Offer comments: 1 keys wrapped again" in first.output
    assert "listing problem reports: 1 keys wrapped again" in first.output
    assert "plan answers waiting: 1 keys wrapped again" in first.output
    # each section the finished family reached waits for its batch, sealed
    assert re.search(r"sections reached waiting: [1-9]\d* keys wrapped again", first.output)
    assert "everything was read back" in first.output
    read = " ".join(everything_read_with(app))
    # the first name, the note, the label, the feedback, the Local Offer comment, the report and
    # the comment on a waiting plan answer
    assert read.count(SENTINEL) == 7
    again = rotate(app, old_key, tmp_path)  # resumable: nothing left to do
    assert again.exit_code == 0 and "answers: 0 keys wrapped again, 4 already" in again.output
    assert "feedback: 0 keys wrapped again, 1 already" in again.output
    assert SENTINEL not in first.output + again.output  # nothing personal is printed


def test_a_rotation_stopped_half_way_is_finished_by_running_it_again(make_app, tmp_path):
    old_key, new_key = secrets.token_hex(32), secrets.token_hex(32)
    old_app = make_app(DATA_KEY=old_key)
    family_and_staff(old_app)
    complete_journey(old_app.test_client(), LETTER_FAMILY)  # a second family
    app = make_app(DATA_KEY=new_key)
    sessions, new = app.extensions["db_sessionmaker"], app.extensions["sealer"]
    old = old_app.extensions["sealer"]
    with sessions() as session, session.begin():  # as if it stopped after the first family
        row = session.scalars(select(Assessment).order_by(Assessment.id)).first()
        row.data_key = new.wrap(
            old.unwrap(row.data_key, key_rotation.TABLES[0].owner(row)),
            key_rotation.TABLES[0].owner(row),
        )
    report = key_rotation.rotate(sessions, old, new, batch=1)
    assert report.ok and report.rotated["answers"] == 4 and report.already["answers"] == 1
    assert report.rotated["feedback"] == 1
    assert key_rotation.verify(sessions, new) == []


def test_the_wrong_old_key_changes_nothing_and_says_so(make_app, tmp_path):
    old_key, new_key = secrets.token_hex(32), secrets.token_hex(32)
    family_and_staff(make_app(DATA_KEY=old_key))
    app = make_app(DATA_KEY=new_key)
    wrong = rotate(app, secrets.token_hex(32), tmp_path)
    assert wrong.exit_code == 1
    assert "cannot be opened with either key: answers id" in wrong.output
    assert "keep the old key safe" in wrong.output
    right = rotate(app, old_key, tmp_path)  # the data is still there for the right key
    assert right.exit_code == 0, right.output


def test_the_old_key_must_differ_from_the_new_one_and_be_a_key(make_app, tmp_path):
    key = secrets.token_hex(32)
    app = make_app(DATA_KEY=key)
    same = rotate(app, key, tmp_path)
    assert same.exit_code == 2 and "Set DATA_KEY to the new key first" in same.output
    bad = rotate(app, "not a key", tmp_path)
    assert bad.exit_code == 2 and "The old key is not valid" in bad.output


def test_verifying_opens_every_label_and_comment_and_names_the_rows_that_fail(make_app):
    app = make_app(DATA_KEY=secrets.token_hex(32))
    family_and_staff(app)
    sessions = app.extensions["db_sessionmaker"]
    with sessions() as session, session.begin():
        first, second = session.scalars(select(Case).order_by(Case.id).limit(2)).all()
        second.sealed_label = first.sealed_label  # bound to the first case: cannot open here
        [comment] = session.scalars(select(Feedback)).all()
        comment.sealed_comments = {"sealed": comment.sealed_comments["sealed"][:-4] + "AAAA"}
        [answer] = session.scalars(select(PlanAnswerPending)).all()
        answer.sealed = {"sealed": answer.sealed["sealed"][:-4] + "AAAA"}
        failed = [("cases", second.id), ("feedback", comment.id), ("plan answers waiting", 0)]
    assert key_rotation.verify(sessions, app.extensions["sealer"]) == failed
