"""Answers to "Did this plan help?" cannot be matched to the plan they follow (ADR 0041).

The answer is sent a moment after the family finished their plan. Written straight into the
comments, its id (given in order), its exact time and, on PostgreSQL, its transaction id (xmin)
would place it next to that family's plan. So it waits, sealed, with a random reference; the daily
`flask assessments purge` moves the waiting answers into the comments in a shuffled batch of at
least RELEASE_AT, in a transaction of its own, with only the month kept. The "tell us more" comment
that follows reaches its own answer while it waits.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text, update

from tests.coproduction.test_annual_review import PACK, section_rows
from tests.coproduction.test_local_offer_feedback import stored
from tests.support.pages import csrf_token, parse, text_of
from wizard.storage import local_offer_comments
from wizard.storage.insight import RELEASE_AT
from wizard.storage.models import LocalOfferComment, PlanAnswerPending, utcnow
from wizard.web.local_offer import PLAN_ANSWER

MORE = "/local-offer/plan-helped/tell-us-more"
BATCH_LINE = (
    "Answers to “Did this plan help?” appear here in batches of at least 10, so that no answer "
    "can be matched to a family\u2019s plan."
)


def answer(client, helped="yes", comment=None):
    """Answer "Did this plan help?" in a browser of its own, and tell us more if `comment`."""
    page = client.get("/local-offer/feedback")  # any form's token: the answer needs no plan
    response = client.post(
        "/local-offer/plan-helped", data={"csrf_token": csrf_token(page), "helped": helped}
    )
    assert response.headers["Location"].endswith(MORE)
    if comment is not None:
        more = client.get(MORE)
        sent = client.post(
            MORE, data={"csrf_token": csrf_token(more), "comment": comment, "may_publish": "yes"}
        )
        assert sent.headers["Location"].endswith("/local-offer/feedback/thank-you")


def in_utc(moment: datetime) -> datetime:
    """A stored time in UTC (SQLite gives it back without its zone)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def count(app, model) -> int:
    with app.extensions["db_sessionmaker"]() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def release(app) -> str:
    result = app.test_cli_runner().invoke(args=["assessments", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_answer_waits_sealed_with_a_random_reference_and_no_editor_sees_it(app, editor):
    client = app.test_client()
    answer(client, "partly")
    assert count(app, LocalOfferComment) == 0 and count(app, PlanAnswerPending) == 1
    with client.session_transaction() as browser:
        held = browser[PLAN_ANSWER]
    assert isinstance(held, str) and re.fullmatch(r"[0-9a-f]{32}", held)  # no row's id
    with app.extensions["db_engine"].connect() as connection:
        raw = str(connection.execute(text("SELECT * FROM plan_answer_pending")).all())
    assert "partly" not in raw  # the answer is sealed while it waits
    if app.extensions["db_engine"].dialect.name == "sqlite":  # no write order to read back
        with (
            app.extensions["db_engine"].connect() as connection,
            pytest.raises(Exception, match="rowid"),
        ):
            connection.execute(text("SELECT rowid FROM plan_answer_pending"))
    assert "You told us the plan partly helped." in text_of(parse(client.get(MORE)))
    queue = parse(editor.get("/staff/local-offer-comments"))
    assert BATCH_LINE in text_of(queue.select_one("main"))
    assert "There are no comments yet." in text_of(queue.select_one("main"))


def test_answers_are_released_in_a_shuffled_batch_of_at_least_10_keeping_only_the_month(app):
    for n in range(RELEASE_AT - 1):
        answer(app.test_client(), "yes", comment=f"answer {n:02d}")
    assert "Added 0 answer(s) to “Did this plan help?”" in release(app)
    assert count(app, LocalOfferComment) == 0
    for n in range(RELEASE_AT - 1, RELEASE_AT + 2):
        answer(app.test_client(), "yes", comment=f"answer {n:02d}")
    assert f"Added {RELEASE_AT + 2} answer(s) to “Did this plan help?”" in release(app)
    rows = stored(app)  # by id
    assert len(rows) == RELEASE_AT + 2 and count(app, PlanAnswerPending) == 0
    month = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for row, _words in rows:
        assert (row.audience, row.plan_helped, row.may_publish) == ("plan", "yes", True)
        assert in_utc(row.created_at) == month and in_utc(row.updated_at) == month  # no exact time
    in_id_order = [words.comment for _row, words in rows]
    assert in_id_order != sorted(in_id_order), "ids were given in the order people answered"
    engine = app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            answers = {r[0] for r in connection.execute(text("SELECT xmin::text FROM assessment"))}
            released = {
                r[0] for r in connection.execute(text("SELECT xmin::text FROM local_offer_comment"))
            }
        assert len(released) == 1, "released together, in one transaction"
        assert not released & answers


def test_a_comment_added_while_it_waits_reaches_its_own_answer(app):
    answer(app.test_client(), "no", comment="Nothing on short breaks")
    for _ in range(RELEASE_AT - 1):
        answer(app.test_client(), "yes")
    release(app)
    said = {(row.plan_helped, words.comment) for row, words in stored(app)}
    assert said == {("no", "Nothing on short breaks"), ("yes", "")}


def test_a_comment_sent_after_its_answer_was_released_is_still_kept(app):
    client = app.test_client()
    answer(client, "partly")
    more = client.get(MORE)
    with app.extensions["db_sessionmaker"]() as session:  # the daily release runs just then
        assert local_offer_comments.release_plan_answers(session, app.extensions["sealer"], 1) == 1
    client.post(
        MORE, data={"csrf_token": csrf_token(more), "comment": "Too long", "may_publish": "no"}
    )
    with app.extensions["db_sessionmaker"]() as session:
        local_offer_comments.release_plan_answers(session, app.extensions["sealer"], 1)
    said = sorted((row.plan_helped or "", words.comment) for row, words in stored(app))
    assert said == [("", "Too long"), ("partly", "")]  # the answer is not counted twice


def test_the_annual_review_counts_answers_once_they_are_released(app, editor):
    for _ in range(RELEASE_AT):
        answer(app.test_client(), "yes")
    this_month = {"start": utcnow().strftime("%Y-%m"), "end": utcnow().strftime("%Y-%m")}
    before = section_rows(parse(editor.get(PACK, query_string=this_month)), "plan-helped")
    assert before["Yes"] == "fewer than 10"
    release(app)
    after = section_rows(parse(editor.get(PACK, query_string=this_month)), "plan-helped")
    assert after["Yes"] == "10"


def test_answers_waiting_over_two_years_are_purged(app):
    answer(app.test_client(), "no", comment="Old words")
    with app.extensions["db_sessionmaker"]() as session:
        old = utcnow() - local_offer_comments.COMMENTS_KEPT - local_offer_comments.COMMENTS_KEPT
        session.execute(update(PlanAnswerPending).values(created_at=old))
        session.commit()
    output = release(app)
    assert "Deleted 1 comment(s) on the Local Offer over 730 days old" in output
    assert count(app, PlanAnswerPending) == 0 and count(app, LocalOfferComment) == 0


def test_the_privacy_notice_says_answers_are_passed_on_in_batches(client):
    notice = text_of(parse(client.get("/privacy")).select_one("main"))
    assert "in batches of at least 10" in notice
    assert "cannot be matched to your plan" in notice
