"""Personas: whole answer sets for real families, built from one neutral family by changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

AS_OF = date(2026, 11, 30)

#: A 10-year-old at a mainstream school whose SEN support is working: only advice actions apply.
NEUTRAL: dict[str, Any] = {
    "respondent": "parent_carer",
    "lives_in_area": True,
    "birth_month": "2016-03",
    "needs_areas": ["cognition_learning"],
    "conditions": ["none"],
    "setting": "mainstream_school",
    "setting_out_of_area": False,
    "attendance_concern": False,
    "current_support": "sen_support",
    "support_meeting_needs": "yes",
    "ehc_status": "never_requested",
    "disagreement": ["none"],
    "medical_support_in_setting": False,
    "therapy_needs": ["none"],
    "mental_health_concern": False,
    "social_care_involvement": "none",
    "family_needs_break": False,
    "carer_wellbeing_concern": False,
    "disability_benefits": "receiving_dla",
    "childcare_needed": False,
    "leisure_interest": False,
    "travel_difficulty": False,
    "upcoming_transition": ["none"],
    "post16_interest": ["not_sure"],
    "adult_care_likely": False,
}


#: A family whose answers reach every kind of page, including the optional letter questions.
LETTER_FAMILY: dict[str, Any] = {
    **NEUTRAL,
    "support_meeting_needs": "partly",
    "letter_wanted": True,
    "travel_difficulty": True,
    "walking_distance_miles": 2,
    "cannot_walk_due_to_needs": False,
    "low_income_family": False,
}


#: Travel problems, 4 miles from the nearest suitable school, no other rights: the pair that
#: shows transport rights last to the end of Year 11, not to the 16th birthday.
FOUR_MILES_AWAY: dict[str, Any] = {
    "travel_difficulty": True,
    "walking_distance_miles": 4,
    "cannot_walk_due_to_needs": False,
    "low_income_family": False,
}
#: Answers to leave out for a young person aged 18 or over: not asked at that age, or of parents.
NOT_ASKED_OF_ADULTS: dict[str, Any] = {
    "social_care_involvement": None,
    "family_needs_break": None,
    "carer_wellbeing_concern": None,
    "childcare_needed": None,
}
#: Answers to leave out for anyone not at a nursery, school or college.
NOT_IN_A_SETTING: dict[str, Any] = {
    "setting_out_of_area": None,
    "attendance_concern": None,
    "medical_support_in_setting": None,
}


@dataclass(frozen=True)
class Persona:
    """A family, what their plan must include and leave out, and its deadlines."""

    name: str
    changes: dict[str, Any]
    includes: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    deadlines: dict[str, str] = field(default_factory=dict)
    eligibility: str | None = None
    as_of: date = AS_OF

    @property
    def answers(self) -> dict[str, Any]:
        """The neutral family with this persona's changes (None removes an answer)."""
        merged = {**NEUTRAL, **self.changes}
        return {key: value for key, value in merged.items() if value is not None}


def p(
    name: str, changes: dict[str, Any], includes: str = "", excludes: str = "", **extra: Any
) -> Persona:
    """A persona, with action ids written as space-separated words."""
    return Persona(name, changes, frozenset(includes.split()), frozenset(excludes.split()), **extra)


PERSONAS = [
    p(
        "neutral parent of a 10-year-old",
        {},
        "sendiass parent-carer-forum",
        "talk-to-setting request-ehc-assessment home-to-school-transport contact-home-authority transfer-of-rights",
    ),
    p("lives in another council's area", {"lives_in_area": False}, "contact-home-authority"),
    p(
        "no extra support at school",
        {"current_support": "none", "support_meeting_needs": None},
        "talk-to-setting",
        "review-sen-support",
    ),
    p(
        "3-year-old at nursery, support not known",
        {
            "birth_month": "2023-06",
            "setting": "early_years",
            "current_support": "not_sure",
            "support_meeting_needs": None,
        },
        "talk-to-setting early-years-support",
        "preparing-for-adulthood",
    ),
    p(
        "4-year-old at home",
        {
            "birth_month": "2021-12",
            "setting": "not_in_setting_under_5",
            "current_support": "none",
            "support_meeting_needs": None,
        },
        "early-years-support",
        "talk-to-setting",
    ),
    p(
        "5-year-old in Reception",
        {"birth_month": "2021-11", "current_support": "none", "support_meeting_needs": None},
        "talk-to-setting",
        "early-years-support",
    ),
    p(
        "SEN support only partly working",
        {"support_meeting_needs": "partly"},
        "review-sen-support request-ehc-assessment",
    ),
    p(
        "SEN support: not sure if it works",
        {"support_meeting_needs": "not_sure"},
        "review-sen-support",
        "request-ehc-assessment",
    ),
    p(
        "excluded with nothing arranged",
        {
            **NOT_IN_A_SETTING,
            "setting": "out_of_education",
        },
        "education-out-of-school request-ehc-assessment",
        "talk-to-setting",
    ),
    p(
        "struggling to attend school",
        {"attendance_concern": True},
        "education-out-of-school request-ehc-assessment",
    ),
    p(
        "home educated",
        {
            **NOT_IN_A_SETTING,
            "setting": "home_educated",
        },
        "home-education request-ehc-assessment",
        "education-out-of-school",
    ),
    p(
        "7-year-old, 2.5 miles from school",
        {
            "birth_month": "2019-05",
            "travel_difficulty": True,
            "walking_distance_miles": 2.5,
            "cannot_walk_due_to_needs": False,
            "low_income_family": False,
        },
        "home-to-school-transport",
        eligibility="likely",
    ),
    p(
        "8-year-old, 2.5 miles from school",
        {
            "birth_month": "2018-11",
            "travel_difficulty": True,
            "walking_distance_miles": 2.5,
            "cannot_walk_due_to_needs": False,
            "low_income_family": True,
        },
        "home-to-school-transport",
        eligibility="check",
    ),
    p(
        "8-year-old, 3.5 miles from school",
        {
            "birth_month": "2018-11",
            "travel_difficulty": True,
            "walking_distance_miles": 3.5,
            "cannot_walk_due_to_needs": False,
            "low_income_family": False,
        },
        "home-to-school-transport",
        eligibility="likely",
    ),
    p(
        "cannot walk 1 mile because of disability",
        {
            "travel_difficulty": True,
            "walking_distance_miles": 1,
            "cannot_walk_due_to_needs": True,
            "low_income_family": False,
        },
        "home-to-school-transport",
        eligibility="likely",
    ),
    p(
        "15-year-old with travel problems",
        {"birth_month": "2011-11", **FOUR_MILES_AWAY},
        "home-to-school-transport transfer-of-rights",
        "post16-transport",
        eligibility="likely",
    ),
    p(
        "16-year-old at college in Year 12 with travel problems",
        {
            "birth_month": "2010-07",
            "setting": "college",
            "travel_difficulty": True,
            "walking_distance_miles": 4,
            "cannot_walk_due_to_needs": False,
            "low_income_family": False,
        },
        "post16-transport prepare-for-pip",
        "home-to-school-transport claim-pip",
    ),
    p(
        "waiting to hear about an assessment",
        {"ehc_status": "requested_awaiting_decision", "ehc_request_date": "2026-10-19"},
        "ehc-assessment-timeline",
        "request-ehc-assessment",
        deadlines={
            "decision-whether-to-assess": "2026-11-30",
            "decision-whether-to-issue-plan": "2027-02-08",
            "final-plan": "2027-03-08",
        },
    ),
    p(
        "draft plan arrived, wants a personal budget",
        {
            "ehc_status": "draft_plan_received",
            "draft_plan_date": "2026-11-20",
            "wants_personal_budget": True,
        },
        "respond-to-draft-plan personal-budget",
        # reg 13(1): at least 15 days beginning with the day served, so 20 November + 14 days
        deadlines={"draft-plan-response": "2026-12-04"},
    ),
    p(
        "EHC plan in Year 6",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "annual-review phase-transfer",
        "personal-budget request-ehc-assessment",
        deadlines={"plan-amended-for-secondary": "2027-02-15"},
    ),
    p(
        "EHC plan in Year 10",
        {
            "birth_month": "2012-03",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "phase-transfer preparing-for-adulthood post16-options",
        deadlines={"plan-amended-for-post16": "2028-03-31"},
    ),
    p(
        "EHC plan in Year 4, moving school early",
        {
            "birth_month": "2018-01",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "upcoming_transition": ["primary_to_secondary"],
        },
        "phase-transfer",
        deadlines={"plan-amended-for-secondary": "2029-02-15"},
    ),
    p(
        "born 1 September side: Year 6",
        {
            "birth_month": "2015-09",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "phase-transfer",
        deadlines={"plan-amended-for-secondary": "2027-02-15"},
    ),
    p(
        "born 31 August side: Year 7",
        {
            "birth_month": "2015-08",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "annual-review",
        "phase-transfer",
    ),
    p(
        "refused assessment, letter dated 31 December",
        {"ehc_status": "refused_to_assess", "decision_date": "2026-12-31"},
        "mediation-and-appeal",
        "request-ehc-assessment disagreement-resolution",
        deadlines={"mediation-adviser-contact": "2027-02-28", "tribunal-appeal": "2027-02-28"},
        as_of=date(2027, 1, 5),
    ),
    p(
        "plan ending, letter dated 31 December before a leap year",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_ceasing",
            "decision_date": "2027-12-31",
            "wants_personal_budget": False,
        },
        "mediation-and-appeal annual-review",
        deadlines={"tribunal-appeal": "2028-02-29"},
        as_of=date(2028, 1, 10),
    ),
    p(
        "disagrees with the school's support",
        {"disagreement": ["setting_support"]},
        "disagreement-resolution complaints",
        "mediation-and-appeal",
    ),
    p(
        "unhappy with a health service and the plan",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "disagreement": ["health_or_care_service", "plan_content"],
            "decision_date": "2026-10-15",
            "wants_personal_budget": False,
        },
        "complaints disagreement-resolution mediation-and-appeal",
        deadlines={"tribunal-appeal": "2026-12-15"},
    ),
    p(
        "needs medical care at school",
        {"medical_support_in_setting": True},
        "individual-healthcare-plan",
    ),
    p(
        "needs speech and language therapy",
        {"therapy_needs": ["speech_language"]},
        "therapy-referral",
    ),
    p(
        "social, emotional and mental health needs",
        {"needs_areas": ["social_emotional_mental_health"]},
        "mental-health-support",
    ),
    p("worried about mental health", {"mental_health_concern": True}, "mental-health-support"),
    p(
        "14-year-old with epilepsy",
        {"birth_month": "2012-06", "conditions": ["epilepsy"]},
        "adult-health-transition preparing-for-adulthood post16-options",
        "transfer-of-rights",
    ),
    p(
        "13-year-old with diabetes in Year 8",
        {"birth_month": "2013-09", "conditions": ["diabetes"]},
        "",
        "adult-health-transition preparing-for-adulthood post16-options",
    ),
    p(
        "13-year-old in Year 9",
        {"birth_month": "2013-03"},
        "preparing-for-adulthood post16-options",
    ),
    p(
        "family needs a break, carer struggling",
        {"family_needs_break": True, "carer_wellbeing_concern": True},
        "short-breaks social-care-assessment parent-carer-needs-assessment",
    ),
    p(
        "already has a social worker",
        {"family_needs_break": True, "social_care_involvement": "social_worker"},
        "short-breaks",
        "social-care-assessment",
    ),
    p(
        "in the care of the council",
        {"social_care_involvement": "looked_after"},
        "looked-after-support",
    ),
    p("not claiming DLA", {"disability_benefits": "not_claiming"}, "claim-dla", "claim-pip"),
    p(
        "15-year-old getting DLA",
        {"birth_month": "2011-11", "disability_benefits": "receiving_dla"},
        "prepare-for-pip",
    ),
    p(
        "17-year-old getting DLA",
        {"birth_month": "2009-11", "setting": "college", "disability_benefits": "receiving_dla"},
        "",
        "prepare-for-pip claim-pip",
    ),
    p(
        "16-year-old not sure about benefits",
        {
            "birth_month": "2010-11",
            "setting": "school_sixth_form",
            "disability_benefits": "not_sure",
        },
        "claim-pip transfer-of-rights",
        "claim-dla",
    ),
    p(
        "14-year-old needs childcare",
        {"birth_month": "2012-06", "childcare_needed": True},
        "childcare",
    ),
    p("wants activities", {"leisure_interest": True}, "leisure-activities"),
    p(
        "18-year-old out of school",
        {
            **NOT_IN_A_SETTING,
            "birth_month": "2008-05",
            "setting": "not_in_education_or_work",
            "social_care_involvement": None,
            "family_needs_break": None,
            "childcare_needed": None,
        },
        "post16-options request-ehc-assessment",
        "short-breaks",
    ),
    p(
        "19-year-old out of school",
        {
            **NOT_IN_A_SETTING,
            "birth_month": "2007-05",
            "setting": "not_in_education_or_work",
            "social_care_involvement": None,
            "family_needs_break": None,
            "childcare_needed": None,
        },
        "request-ehc-assessment",
        "post16-options",
    ),
    p(
        "young person, 17, EHC plan, wants a supported internship",
        {
            "respondent": "young_person",
            "birth_month": "2009-06",
            "setting": "college",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "post16_interest": ["supported_internship"],
            "adult_care_likely": True,
            "carer_wellbeing_concern": None,
            "childcare_needed": None,
        },
        "supported-internship care-act-transition-assessment transfer-of-rights",
        "parent-carer-forum plan-after-19",
    ),
    p(
        "18-year-old likely to need adult care",
        {
            "birth_month": "2008-05",
            "setting": "college",
            "adult_care_likely": True,
            "social_care_involvement": None,
            "family_needs_break": None,
            "childcare_needed": None,
        },
        "transfer-of-rights",
        "care-act-transition-assessment",
    ),
    p(
        "young person aged 24 with a plan",
        {
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2002-06",
            "setting": "college",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": True,
            "disability_benefits": "receiving_pip",
        },
        "plan-after-19 personal-budget transfer-of-rights",
        "parent-carer-forum post16-options",
    ),
    p(
        "young person aged 25 with a plan",
        {
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2001-06",
            "setting": "college",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "disability_benefits": "receiving_pip",
        },
        "annual-review",
        "plan-after-19 supported-internship",
    ),
    p(
        "young person aged 24, not in work, never asked",
        {
            **NOT_IN_A_SETTING,
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2002-06",
            "setting": "not_in_education_or_work",
            "disability_benefits": "receiving_pip",
        },
        "request-ehc-assessment",
    ),
    p(
        "young person aged 25, not in work, never asked",
        {
            **NOT_IN_A_SETTING,
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2001-06",
            "setting": "not_in_education_or_work",
            "disability_benefits": "receiving_pip",
        },
        "",
        "request-ehc-assessment",
    ),
    p(
        "young person in a job",
        {
            **NOT_IN_A_SETTING,
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2004-06",
            "setting": "employment",
            "current_support": "none",
            "support_meeting_needs": None,
            "disability_benefits": "receiving_pip",
        },
        "transfer-of-rights",
        "request-ehc-assessment talk-to-setting",
    ),
    p(
        "busy family: EHC plan in Year 11 and much else",
        {
            "birth_month": "2011-01",
            "attendance_concern": True,
            "needs_areas": ["communication_interaction", "social_emotional_mental_health"],
            "conditions": ["autism", "epilepsy", "mental_health_condition"],
            "current_support": "ehc_plan",
            "support_meeting_needs": "partly",
            "ehc_status": "plan_issued",
            "wants_personal_budget": True,
            "disagreement": ["setting_support", "plan_content", "health_or_care_service"],
            "decision_date": "2026-10-30",
            "medical_support_in_setting": True,
            "therapy_needs": ["speech_language", "occupational"],
            "mental_health_concern": True,
            "family_needs_break": True,
            "carer_wellbeing_concern": True,
            "leisure_interest": True,
            "travel_difficulty": True,
            "walking_distance_miles": 3.5,
            "cannot_walk_due_to_needs": False,
            "low_income_family": True,
            "upcoming_transition": ["leaving_school_post16"],
            "post16_interest": ["college", "supported_internship"],
            "adult_care_likely": True,
        },
        "phase-transfer annual-review personal-budget mediation-and-appeal disagreement-resolution complaints "
        "individual-healthcare-plan therapy-referral mental-health-support adult-health-transition short-breaks "
        "social-care-assessment parent-carer-needs-assessment prepare-for-pip leisure-activities home-to-school-transport "
        "preparing-for-adulthood post16-options care-act-transition-assessment transfer-of-rights education-out-of-school "
        "sendiass parent-carer-forum",
        "supported-internship request-ehc-assessment childcare claim-dla",
        deadlines={"plan-amended-for-post16": "2027-03-31", "tribunal-appeal": "2026-12-30"},
        eligibility="likely",
    ),
    # --- content version 2: the boundaries of the corrected catalogue and the situations added ---
    p(
        "16-year-old still in Year 11 with travel problems",
        {"birth_month": "2010-09", **FOUR_MILES_AWAY},
        "home-to-school-transport transfer-of-rights",
        "post16-transport",
        eligibility="likely",
    ),
    p(
        "16-year-old in Year 11 out of school",
        {"birth_month": "2010-09", "setting": "out_of_education", **NOT_IN_A_SETTING},
        "education-out-of-school find-a-school-place request-ehc-assessment",
    ),
    p(
        "17-year-old in Year 12 at college, struggling to attend",
        {"birth_month": "2009-07", "setting": "college", "attendance_concern": True},
        "request-ehc-assessment",
        "education-out-of-school exclusion-rights",
    ),
    p(
        "child with an EHC plan starting Reception next September",
        {
            "birth_month": "2022-10",
            "setting": "early_years",
            "current_support": "ehc_plan",
            "support_meeting_needs": "yes",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "upcoming_transition": ["starting_school"],
            "post16_interest": None,
            "adult_care_likely": None,
        },
        "phase-transfer annual-review starting-school early-years-support",
        "preparing-for-adulthood",
        # born October 2022: Reception from September 2027, so the plan names the school before
        # 15 February 2027
        deadlines={"plan-amended-for-school-start": "2027-02-15"},
    ),
    p(
        "child without a plan starting school",
        {
            "birth_month": "2022-10",
            "setting": "early_years",
            "upcoming_transition": ["starting_school"],
            "post16_interest": None,
            "adult_care_likely": None,
        },
        "starting-school early-years-support",
        "phase-transfer",
    ),
    p(
        "under-5 at home, not in a setting, needs not met",
        {
            "birth_month": "2023-02",
            "setting": "not_in_setting_under_5",
            "current_support": "none",
            "support_meeting_needs": None,
            **NOT_IN_A_SETTING,
            "post16_interest": None,
            "adult_care_likely": None,
        },
        "request-ehc-assessment early-years-support",
        "talk-to-setting education-out-of-school",
    ),
    p(
        "18-year-old out of education and work",
        {
            "birth_month": "2008-05",
            "setting": "not_in_education_or_work",
            **NOT_IN_A_SETTING,
            "social_care_involvement": None,
            "family_needs_break": None,
            "childcare_needed": None,
        },
        "request-ehc-assessment transfer-of-rights post16-options",
        "education-out-of-school find-a-school-place home-to-school-transport",
    ),
    p(
        "19-year-old likely to need adult care, parent struggling",
        {
            "birth_month": "2007-01",
            "setting": "college",
            "carer_wellbeing_concern": True,
            "adult_care_likely": True,
            "social_care_involvement": None,
            "family_needs_break": None,
            "childcare_needed": None,
        },
        "adult-care-needs-assessment adult-carer-assessment",
        "parent-carer-needs-assessment care-act-transition-assessment social-care-assessment",
    ),
    p(
        "17-year-old likely to need adult care, parent struggling",
        {"birth_month": "2009-03", "carer_wellbeing_concern": True, "adult_care_likely": True},
        "care-act-transition-assessment parent-carer-needs-assessment",
        "adult-care-needs-assessment adult-carer-assessment",
    ),
    p(
        "lives in another council, support not working",
        {"lives_in_area": False, "support_meeting_needs": "partly"},
        "contact-home-authority request-ehc-assessment",
    ),
    p(
        "notice of proposed changes after a review",
        {
            "current_support": "ehc_plan",
            "ehc_status": "amendment_notice_received",
            "amendment_notice_date": "2026-11-20",
            "wants_personal_budget": False,
        },
        "annual-review",
        "respond-to-draft-plan",
        deadlines={"amendment-response": "2026-12-04", "amended-plan": "2027-01-15"},
    ),
    p(
        "permanently excluded",
        {"attendance_concern": True, "attendance_details": ["permanently_excluded"]},
        "exclusion-rights education-out-of-school request-ehc-assessment",
    ),
    p(
        "EHC plan last reviewed in January 2026",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "last_review_date": "2026-01-20",
            "wants_personal_budget": False,
        },
        "review-dates annual-review",
        deadlines={"review-decision": "2026-02-17", "next-review-due": "2027-01-20"},
    ),
    p(
        "EHC plan, last review date not given",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "annual-review",
        "review-dates",
    ),
    p(
        "support in the EHC plan not given",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "provision_missing": True,
            "wants_personal_budget": False,
        },
        "plan-not-delivered annual-review",
        "council-complaint",
    ),
    p(
        "disagrees with a council decision",
        {"disagreement": ["la_decision"], "decision_date": "2026-11-02"},
        "council-complaint mediation-and-appeal disagreement-resolution",
        "complaints",
    ),
    p(
        "a brother or sister helps to care",
        {"sibling_caring": True},
        "young-carers",
    ),
    p(
        "moving to another council with an EHC plan",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "upcoming_transition": ["moving_area"],
        },
        "moving-council-with-a-plan annual-review",
        "moving-council",
    ),
    p(
        "moving to another council without a plan",
        {"upcoming_transition": ["moving_area"]},
        "moving-council",
        "moving-council-with-a-plan",
    ),
    p(
        "changing school with an EHC plan",
        {
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "upcoming_transition": ["changing_setting"],
        },
        "changing-setting annual-review",
        "moving-council",
    ),
    p(
        "16-year-old moving to adult services",
        {"birth_month": "2010-05", "upcoming_transition": ["moving_to_adult_services"]},
        "adult-services-move",
    ),
    p(
        "home educated with an EHC plan",
        {
            "setting": "home_educated",
            **NOT_IN_A_SETTING,
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
        },
        "home-education education-otherwise-than-at-school annual-review",
        "request-ehc-assessment",
    ),
    p(
        "keyworker's case read by the young person",
        {
            "respondent": "professional",
            "birth_month": "2009-03",
            "plan_reader": "young_person",
            "carer_wellbeing_concern": True,
        },
        "parent-carer-needs-assessment transfer-of-rights",
    ),
]
