"""Per-question flow tests on the real content: given these answers, the next question is X."""

from __future__ import annotations

import pytest

from tests.support.content import real_content
from tests.support.graphs import next_page
from tests.support.personas import NEUTRAL

GRAPH = real_content().graph
OPTIONAL = {node.id for node in GRAPH.nodes.values() if node.optional or node.type == "info"}

#: The neutral family, with SEN support only partly working and no disability benefits.
PARENT_10 = {
    **{
        key: value
        for key, value in NEUTRAL.items()
        if key not in ("post16_interest", "adult_care_likely")
    },
    "support_meeting_needs": "partly",
    "disability_benefits": "not_claiming",
}
ORDER = list(PARENT_10)


def upto(question: str, **changes) -> dict:
    """The answers a 10-year-old's parent gives before reaching `question`, with changes."""
    answers = {key: PARENT_10[key] for key in ORDER[: ORDER.index(question)]}
    answers.update(changes)
    return {key: value for key, value in answers.items() if value is not None}


def after(question: str, **changes) -> str | None:
    """The page after answering `question` (optional pages counted as skipped)."""
    answers = upto(question, **changes)
    answers.setdefault(question, PARENT_10.get(question))
    return next_page(GRAPH, answers, passed=OPTIONAL)


def test_the_journey_starts_with_who_is_answering():
    assert next_page(GRAPH, {}) == "respondent"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("respondent", "lives_in_area"),
        ("lives_in_area", "birth_month"),
        ("birth_month", "needs_areas"),
        ("needs_areas", "conditions"),
        ("conditions", "setting"),
        ("setting_out_of_area", "attendance_concern"),
        ("attendance_concern", "current_support"),
        ("support_meeting_needs", "ehc_status"),
        ("medical_support_in_setting", "therapy_needs"),
        ("therapy_needs", "mental_health_concern"),
        ("social_care_involvement", "family_needs_break"),
        ("carer_wellbeing_concern", "disability_benefits"),
        ("childcare_needed", "leisure_interest"),
    ],
)
def test_straight_on(question, expected):
    assert after(question) == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("mainstream_school", "setting_out_of_area"),
        ("early_years", "setting_out_of_area"),
        ("college", "setting_out_of_area"),
        ("alternative_provision", "setting_out_of_area"),
        ("home_educated", "current_support"),
        ("out_of_education", "current_support"),
        ("not_in_setting_under_5", "current_support"),
        ("employment", "current_support"),
    ],
)
def test_setting_questions_only_for_those_who_attend_a_setting(setting, expected):
    assert after("setting", setting=setting) == expected


@pytest.mark.parametrize(
    ("support", "expected"),
    [
        ("sen_support", "support_meeting_needs"),
        ("ehc_plan", "support_meeting_needs"),
        ("none", "ehc_status"),
        ("not_sure", "ehc_status"),
    ],
)
def test_support_meeting_needs_only_when_there_is_support(support, expected):
    assert after("current_support", current_support=support) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("requested_awaiting_decision", "ehc_request_date"),
        ("assessment_under_way", "ehc_request_date"),
        ("draft_plan_received", "draft_plan_date"),
        ("never_requested", "disagreement"),
        ("plan_issued", "disagreement"),
    ],
)
def test_ehc_dates_follow_the_status(status, expected):
    assert after("ehc_status", ehc_status=status) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"disagreement": ["la_decision"]}, "decision_date"),
        ({"disagreement": ["placement"]}, "decision_date"),
        ({"ehc_status": "refused_to_assess"}, "decision_date"),
        ({"ehc_status": "plan_ceasing"}, "decision_date"),
        ({"disagreement": ["setting_support"]}, "letter_wanted"),
        ({"ehc_status": "plan_issued"}, "wants_personal_budget"),
        ({"current_support": "ehc_plan", "ehc_status": "plan_issued"}, "wants_personal_budget"),
        (
            {"ehc_status": "assessment_under_way", "ehc_request_date": "2026-10-01"},
            "wants_personal_budget",
        ),
        (
            {"ehc_status": "requested_awaiting_decision", "ehc_request_date": "2026-10-01"},
            "medical_support_in_setting",
        ),
        ({"setting": "home_educated", "ehc_status": "plan_issued"}, "wants_personal_budget"),
        ({"setting": "home_educated", "ehc_status": "refused_to_issue_plan"}, "decision_date"),
        (
            {"setting": "employment", "birth_month": "2004-01", "ehc_status": "never_requested"},
            "therapy_needs",
        ),
    ],
)
def test_after_disagreement(changes, expected):
    answers = upto("disagreement", **changes)
    answers["disagreement"] = changes.get("disagreement", ["none"])
    assert next_page(GRAPH, answers, passed={"provision_missing", "last_review_date"}) == expected


def test_letter_questions_only_when_wanted():
    answers = upto("disagreement")
    answers["disagreement"] = ["none"]
    assert next_page(GRAPH, answers) == "letter_wanted"
    assert next_page(GRAPH, {**answers, "letter_wanted": True}) == "letter_intro"
    assert (
        next_page(GRAPH, {**answers, "letter_wanted": True}, passed={"letter_intro"})
        == "first_name"
    )
    assert next_page(GRAPH, {**answers, "letter_wanted": False}) == "medical_support_in_setting"
    details = {
        "letter_wanted": True,
        "first_name": "Sam",
        "setting_name": "Oakfield Primary School",
        "child_strengths": "Drawing",
    }
    assert next_page(GRAPH, {**answers, **details}, passed={"letter_intro"}) == "needs_description"
    skipped = {
        "letter_intro",
        "needs_description",
        "support_tried",
        "professionals_involved",
        "reports_held",
    }
    assert next_page(GRAPH, {**answers, **details}, passed=skipped) == "medical_support_in_setting"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ["first_name"]),
        ({"respondent": "young_person"}, ["first_name"]),
        ({"respondent": "professional"}, ["letter_sender", "first_name"]),
        ({"lives_in_area": False}, ["first_name"]),
        ({"respondent": "professional", "lives_in_area": False}, ["letter_sender", "first_name"]),
    ],
)
def test_who_sends_the_letter_is_asked_only_where_it_fits(changes, expected):
    answers = {**upto("disagreement", **changes), "disagreement": ["none"], "letter_wanted": True}
    passed = {"letter_intro", "home_council_name"}
    pages = []
    for _ in expected:
        page = next_page(GRAPH, answers, passed=passed)
        pages.append(page)
        passed.add(page)  # skipped: the question is optional
    assert pages == expected


def test_the_home_council_is_asked_right_after_the_family_says_they_live_elsewhere():
    answers = {"respondent": "parent_carer", "lives_in_area": False}
    assert next_page(GRAPH, answers) == "home_council_name"
    assert next_page(GRAPH, answers, passed={"home_council_name"}) == "birth_month"
    answers["home_council_name"] = "Leeds City Council"
    assert next_page(GRAPH, answers) == "birth_month"
    assert next_page(GRAPH, {"respondent": "parent_carer", "lives_in_area": True}) == "birth_month"
    assert GRAPH.nodes["home_council_name"].section == "about_you"


def test_the_new_letter_questions_are_optional_and_not_asked_without_a_letter():
    for node_id in ("letter_sender", "home_council_name"):
        assert GRAPH.nodes[node_id].optional, node_id
    answers = {
        **upto("disagreement", respondent="professional", lives_in_area=False),
        "disagreement": ["none"],
        "letter_wanted": False,
    }
    assert next_page(GRAPH, answers, passed={"home_council_name"}) == "medical_support_in_setting"


def test_answered_letter_questions_lead_on():
    answers = {
        **upto("disagreement", respondent="professional", lives_in_area=False),
        "home_council_name": "Leeds City Council",
        "disagreement": ["none"],
        "letter_wanted": True,
        "letter_sender": "setting",
    }
    assert next_page(GRAPH, answers, passed={"letter_intro"}) == "first_name"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "social_care_involvement"),
        ({"birth_month": "2007-01", "respondent": "parent_carer"}, "carer_wellbeing_concern"),
        ({"birth_month": "2007-01", "respondent": "young_person"}, "disability_benefits"),
    ],
)
def test_after_mental_health(changes, expected):
    answers = upto("mental_health_concern", **changes)
    answers["mental_health_concern"] = True
    assert next_page(GRAPH, answers, passed=OPTIONAL) == expected


@pytest.mark.parametrize(
    ("respondent", "expected"),
    [
        ("parent_carer", "carer_wellbeing_concern"),
        ("professional", "carer_wellbeing_concern"),
        ("young_person", "disability_benefits"),
    ],
)
def test_after_short_breaks(respondent, expected):
    assert after("family_needs_break", respondent=respondent, birth_month="2010-01") == expected


@pytest.mark.parametrize(
    ("birth_month", "respondent", "expected"),
    [
        ("2016-03", "parent_carer", "childcare_needed"),
        ("2011-12", "parent_carer", "childcare_needed"),  # 14
        ("2011-11", "parent_carer", "leisure_interest"),  # 15
        ("2016-03", "professional", "childcare_needed"),
        ("2009-03", "young_person", "leisure_interest"),
    ],
)
def test_childcare_only_for_under_15s_asked_by_a_parent_or_professional(
    birth_month, respondent, expected
):
    assert after("disability_benefits", birth_month=birth_month, respondent=respondent) == expected


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("special_school", "travel_difficulty"), ("home_educated", "upcoming_transition")],
)
def test_travel_only_for_those_who_attend_a_setting(setting, expected):
    assert after("leisure_interest", setting=setting) == expected


def test_travel_details_only_when_travel_is_a_problem():
    answers = upto("travel_difficulty")
    assert (
        next_page(GRAPH, {**answers, "travel_difficulty": False}, passed=OPTIONAL)
        == "upcoming_transition"
    )
    answers["travel_difficulty"] = True
    assert next_page(GRAPH, answers, passed=OPTIONAL) == "walking_distance_miles"
    answers["walking_distance_miles"] = 2.5
    assert next_page(GRAPH, answers, passed=OPTIONAL) == "cannot_walk_due_to_needs"
    answers["cannot_walk_due_to_needs"] = False
    assert next_page(GRAPH, answers, passed=OPTIONAL) == "low_income_family"
    answers["low_income_family"] = True
    assert next_page(GRAPH, answers, passed=OPTIONAL) == "upcoming_transition"


@pytest.mark.parametrize(
    ("birth_month", "expected"), [("2013-11", "post16_interest"), ("2013-12", None)]
)
def test_next_steps_after_13(birth_month, expected):
    answers = {**PARENT_10, "birth_month": birth_month}
    assert next_page(GRAPH, answers, passed=OPTIONAL) == expected


def test_a_young_persons_journey_ends_after_adult_care():
    answers = {
        **PARENT_10,
        "respondent": "young_person",
        "birth_month": "2008-01",
        "post16_interest": ["college"],
    }
    assert next_page(GRAPH, answers, passed=OPTIONAL) == "adult_care_likely"
    assert next_page(GRAPH, {**answers, "adult_care_likely": True}, passed=OPTIONAL) is None


# --- questions added in content version 2: each asked only where it can change the plan ----------


def test_a_notice_of_proposed_changes_asks_for_its_date():
    assert after("ehc_status", ehc_status="amendment_notice_received") == "amendment_notice_date"
    answers = {**upto("ehc_status"), "ehc_status": "amendment_notice_received"}
    answers["amendment_notice_date"] = "2026-11-20"
    assert next_page(GRAPH, answers) == "last_review_date"


def test_attendance_details_only_after_problems_attending():
    answers = {**upto("attendance_concern"), "attendance_concern": True}
    assert next_page(GRAPH, answers) == "attendance_details"
    assert next_page(GRAPH, answers, passed={"attendance_details"}) == "current_support"
    assert next_page(GRAPH, {**answers, "attendance_concern": False}) == "current_support"


def test_support_not_given_is_asked_only_with_an_ehc_plan():
    answers = {**upto("support_meeting_needs", current_support="ehc_plan")}
    answers["support_meeting_needs"] = "yes"
    assert next_page(GRAPH, answers) == "provision_missing"
    assert next_page(GRAPH, answers, passed={"provision_missing"}) == "ehc_status"
    assert after("support_meeting_needs") == "ehc_status"


def test_who_reads_the_plan_is_asked_only_of_a_keyworker_with_a_young_person():
    older = {"respondent": "professional", "lives_in_area": True, "birth_month": "2009-03"}
    assert next_page(GRAPH, older) == "plan_reader"
    assert next_page(GRAPH, older, passed={"plan_reader"}) == "needs_areas"
    assert next_page(GRAPH, {**older, "birth_month": "2016-03"}) == "needs_areas"
    assert next_page(GRAPH, {**older, "respondent": "parent_carer"}) == "needs_areas"


def test_a_brother_or_sister_caring_is_asked_of_parents_and_keyworkers():
    assert after("carer_wellbeing_concern") == "disability_benefits"  # optional, skipped
    answers = {**upto("carer_wellbeing_concern"), "carer_wellbeing_concern": False}
    assert next_page(GRAPH, answers, passed=OPTIONAL - {"sibling_caring"}) == "sibling_caring"


def test_the_last_review_date_is_asked_only_with_a_final_plan():
    base = {**upto("ehc_status"), "current_support": "sen_support"}
    assert next_page(GRAPH, {**base, "ehc_status": "plan_issued"}) == "last_review_date"
    assert next_page(GRAPH, {**base, "ehc_status": "never_requested"}) == "disagreement"
    notice = {
        **base,
        "ehc_status": "amendment_notice_received",
        "amendment_notice_date": "2026-11-20",
    }
    assert next_page(GRAPH, notice) == "last_review_date"
    assert next_page(GRAPH, notice, passed={"last_review_date"}) == "disagreement"
