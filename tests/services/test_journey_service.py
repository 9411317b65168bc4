"""The journey service without HTTP: the cases the page tests cover, on a migrated SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.personas import NEUTRAL
from tests.support.web_journey import seed_assessment
from wizard.core.answers import AnswerError
from wizard.core.engine import NotOnPath
from wizard.dates import today_in_london
from wizard.services import journey as service
from wizard.storage import assessments
from wizard.storage.assessments import AssessmentRecord, StaleRecord, all_records


class AuditLog:
    """Collects the audit events the service asks for (the web adds them to the case's trail)."""

    def __init__(self) -> None:
        self.events: list[tuple[int, str, str]] = []

    def __call__(self, record: AssessmentRecord, action: str, detail: str) -> None:
        self.events.append((record.id, action, detail))


@pytest.fixture
def journey(app) -> Iterator[service.Journey]:
    with app.extensions["db_sessionmaker"]() as session:
        yield service.Journey(
            session, app.extensions["content"], app.extensions["sealer"], today_in_london()
        )


def node(journey: service.Journey, node_id: str) -> Any:
    return journey.content.graph.nodes[node_id]


def answer(
    journey: service.Journey,
    record: AssessmentRecord | None,
    node_id: str,
    value: Any,
    seen: int | None = None,
    skipping: bool = False,
    audit: AuditLog | None = None,
) -> service.Saved | service.Conflict | None:
    """What a question POST does: check, start if need be, record."""
    progress = service.progress_of(journey, record)
    checked = service.check_answer(
        journey, record, progress, node(journey, node_id), value, skipping
    )
    if record is None:
        record, _token = service.start(journey)
    seen_version = seen if seen is not None else record.answer_versions.get(node_id, 0)
    return service.record_answer(
        journey, record, checked, seen_version, "family", audit or AuditLog()
    )


def stored(journey: service.Journey) -> list[AssessmentRecord]:
    journey.session.rollback()  # read what is committed, not this session's view
    return all_records(journey.session, journey.sealer)


def seeded(app, journey: service.Journey, answers: dict[str, Any], upto: str | None = None):
    token = seed_assessment(app, answers, upto)
    record = assessments.find_by_token(journey.session, token, journey.sealer)
    assert record is not None
    return record, token


def test_nothing_is_saved_until_the_first_answer_is_recorded(journey):
    progress = service.progress_of(journey, None)
    service.check_answer(
        journey, None, progress, node(journey, "respondent"), "parent_carer", False
    )
    assert stored(journey) == []
    saved = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(saved, service.Saved)
    [record] = stored(journey)
    assert record.answers == {"respondent": "parent_carer"}
    assert record.answered_by == {"respondent": "family"}
    assert saved.progress.current == "lives_in_area"


def test_each_answer_is_saved_and_the_new_progress_returned(journey):
    first = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(first, service.Saved)
    audit = AuditLog()
    second = answer(journey, first.record, "lives_in_area", True, audit=audit)
    assert isinstance(second, service.Saved)
    assert stored(journey)[0].answers == {"respondent": "parent_carer", "lives_in_area": True}
    assert second.progress.path[:3] == ("respondent", "lives_in_area", "birth_month")
    assert audit.events == [(second.record.id, "edit", "question lives_in_area")]


def test_bad_input_raises_and_saved_answers_are_kept(journey):
    saved = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(saved, service.Saved)
    with pytest.raises(AnswerError):
        answer(journey, saved.record, "respondent", "alien")
    assert stored(journey)[0].answers == {"respondent": "parent_carer"}


def test_a_question_off_the_path_is_refused(journey):
    saved = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(saved, service.Saved)
    with pytest.raises(NotOnPath):
        answer(journey, saved.record, "therapy_needs", "none")
    assert "therapy_needs" not in stored(journey)[0].answers


def test_a_stale_page_is_a_conflict_and_saves_nothing(journey):
    first = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(first, service.Saved)
    answer(journey, first.record, "respondent", "young_person")  # another tab: version 2
    conflict = answer(journey, first.record, "respondent", "professional", seen=1)
    assert isinstance(conflict, service.Conflict)
    assert (conflict.stored, conflict.yours, conflict.stored_version) == (
        "young_person",
        "professional",
        2,
    )
    assert stored(journey)[0].answers == {"respondent": "young_person"}


def test_a_double_submit_is_not_a_conflict_and_saves_once(journey):
    first = answer(journey, None, "respondent", "parent_carer")
    assert isinstance(first, service.Saved)
    again = answer(journey, first.record, "respondent", "parent_carer", seen=0)
    assert isinstance(again, service.Saved)
    assert stored(journey)[0].answer_versions == {"respondent": 1}


def test_a_save_that_came_first_is_retried_and_kept(app, journey):
    record, _token = seeded(app, journey, NEUTRAL, upto="birth_month")
    other = assessments.find_by_token(journey.session, _token, journey.sealer)
    assert other is not None
    assessments.update(journey.session, other, journey.sealer, answered_by={"x": "family"})
    saved = answer(journey, record, "lives_in_area", False)  # `record` is one version behind
    assert isinstance(saved, service.Saved)
    [now] = stored(journey)
    assert now.answers["lives_in_area"] is False and now.answered_by["x"] == "family"


def test_saves_that_keep_coming_first_raise(app, journey, monkeypatch):
    record, _token = seeded(app, journey, NEUTRAL, upto="birth_month")

    def always_stale(*_args: Any, **_kwargs: Any) -> None:
        raise StaleRecord(record.id)

    monkeypatch.setattr(assessments, "update", always_stale)
    with pytest.raises(StaleRecord):
        answer(journey, record, "lives_in_area", False)


def test_answers_deleted_meanwhile_give_none(app, journey):
    record, token = seeded(app, journey, NEUTRAL, upto="birth_month")
    gone = assessments.find_by_token(journey.session, token, journey.sealer)
    assert gone is not None
    assessments.delete(journey.session, gone)
    journey.session.commit()
    assert answer(journey, record, "lives_in_area", False) is None


def test_skipping_an_optional_question_clears_it_and_passes_it(app, journey):
    record, _token = seeded(app, journey, {**NEUTRAL, "letter_wanted": True})
    saved = answer(journey, record, "letter_wanted", None, skipping=True)
    assert isinstance(saved, service.Saved)
    [now] = stored(journey)
    assert "letter_wanted" not in now.answers and "letter_wanted" in now.passed
    assert saved.progress.complete


def test_finish_makes_the_plan_and_a_later_change_marks_it_changed(app, journey):
    record, _token = seeded(app, journey, NEUTRAL)
    audit = AuditLog()
    finished = service.finish(journey, record, lambda _ids, _age: {}, audit)
    assert finished.made and not finished.stale
    [now] = stored(journey)
    assert now.status == "finished" and now.plan and now.plan["actions"]
    assert audit.events == [(record.id, "edit", "plan made")]
    changed = answer(journey, now, "support_meeting_needs", "partly")
    assert isinstance(changed, service.Saved)
    assert stored(journey)[0].status == "changed"


def test_finish_before_the_end_makes_nothing(app, journey):
    record, _token = seeded(app, journey, NEUTRAL, upto="birth_month")
    finished = service.finish(journey, record, lambda _ids, _age: {}, AuditLog())
    assert not finished.made and finished.progress.current == "birth_month"
    assert stored(journey)[0].plan is None


def test_finish_after_a_save_elsewhere_is_stale(app, journey):
    record, token = seeded(app, journey, NEUTRAL)
    other = assessments.find_by_token(journey.session, token, journey.sealer)
    assert other is not None
    assessments.update(journey.session, other, journey.sealer, answered_by={"x": "family"})
    finished = service.finish(journey, record, lambda _ids, _age: {}, AuditLog())
    assert finished.stale and not finished.made
    assert stored(journey)[0].status != "finished"


def test_a_new_private_link_stops_the_old_one(app, journey):
    record, token = seeded(app, journey, NEUTRAL, upto="birth_month")
    new = service.new_private_link(journey.session, record, journey.sealer)
    assert new is not None and new != token
    assert assessments.find_by_token(journey.session, token, journey.sealer) is None
    found = assessments.find_by_token(journey.session, new, journey.sealer)
    assert found is not None and found.answers == record.answers


def test_a_new_private_link_while_saving_gives_none(app, journey):
    record, token = seeded(app, journey, NEUTRAL, upto="birth_month")
    other = assessments.find_by_token(journey.session, token, journey.sealer)
    assert other is not None
    assessments.update(journey.session, other, journey.sealer, answered_by={"x": "family"})
    assert service.new_private_link(journey.session, record, journey.sealer) is None
    assert assessments.find_by_token(journey.session, token, journey.sealer) is not None


def test_new_questions_are_recorded_as_seen_once(app, journey):
    record, _token = seeded(app, journey, NEUTRAL, upto="ehc_status")
    assessments.update(
        journey.session, record, journey.sealer, content_version="older", known_nodes=[]
    )
    service.note_content_seen(journey, record)
    [now] = stored(journey)
    assert now.content_version == journey.content.version
    assert set(now.known_nodes) == set(journey.content.graph.nodes)
    version = now.version
    service.note_content_seen(journey, now)
    assert stored(journey)[0].version == version  # nothing written the second time


def test_the_next_save_records_new_questions_as_seen(app, journey):
    record, _token = seeded(app, journey, NEUTRAL, upto="birth_month")
    assessments.update(journey.session, record, journey.sealer, content_version="older")
    answer(journey, record, "lives_in_area", False)
    assert stored(journey)[0].content_version == journey.content.version
