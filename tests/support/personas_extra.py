"""Personas for the actions added for issue 13 (money, health equipment and adult life).

Each new action applies in at least one persona here and is left out of another, with the
boundaries that matter: age 17 against 18 for the Family Fund, a child getting DLA against one not
claiming for Carer's Allowance, a young person answering for themselves (no Carer's Allowance).
The lead wires EXTRA_PERSONAS into PERSONAS; until then tests/content/test_personas_extra.py runs them.
"""

from __future__ import annotations

from tests.support.personas import NOT_ASKED_OF_ADULTS, NOT_IN_A_SETTING, Persona, p

#: The answers for a family with travel problems and a low income (free school meals).
LOW_INCOME: dict[str, object] = {
    "travel_difficulty": True,
    "walking_distance_miles": 1,
    "cannot_walk_due_to_needs": False,
    "low_income_family": True,
}
#: Answers not asked of anyone aged 18 or over (the parent is still asked about their own wellbeing).
ADULT: dict[str, object] = {
    "social_care_involvement": None,
    "family_needs_break": None,
    "childcare_needed": None,
}
#: A young person answering for themselves: no parent carer or childcare questions.
YOUNG_PERSON: dict[str, object] = {
    "respondent": "young_person",
    "carer_wellbeing_concern": None,
    "childcare_needed": None,
}

EXTRA_PERSONAS: list[Persona] = [
    # --- money ------------------------------------------------------------------------------------
    p(
        "money: parent of a 10-year-old getting DLA",
        {},
        "carers-allowance universal-credit-disabled-child family-fund",
        "blue-badge council-tax-disability-reduction home-adaptations",
    ),
    p(
        "money: parent, 10-year-old not claiming DLA",
        {"disability_benefits": "not_claiming"},
        "claim-dla",
        "carers-allowance universal-credit-disabled-child family-fund",
    ),
    p(
        "money: not claiming DLA, low income",
        {**LOW_INCOME, "disability_benefits": "not_claiming"},
        "family-fund",
        "carers-allowance universal-credit-disabled-child",
    ),
    p(
        "money: in the care of the council, getting DLA",
        {"social_care_involvement": "looked_after"},
        "looked-after-support",
        "family-fund",
    ),
    p(
        "money: 17-year-old at college getting PIP",
        {"birth_month": "2009-06", "setting": "college", "disability_benefits": "receiving_pip"},
        "family-fund universal-credit-disabled-child carers-allowance",
    ),
    p(
        "money: 18-year-old at college getting PIP",
        {
            **ADULT,
            "birth_month": "2008-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "universal-credit-disabled-child carers-allowance",
        "family-fund",
    ),
    p(
        "money: 17-year-old apprentice getting PIP",
        {
            **NOT_IN_A_SETTING,
            "birth_month": "2009-06",
            "setting": "apprenticeship",
            "disability_benefits": "receiving_pip",
            "post16_interest": ["apprenticeship"],
        },
        "access-to-work carers-allowance family-fund",
        "universal-credit-disabled-child",
    ),
    p(
        "money: 19-year-old at college getting PIP",
        {
            **ADULT,
            "birth_month": "2007-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "universal-credit-disabled-child",
    ),
    p(
        "money: 20-year-old at college getting PIP",
        {
            **ADULT,
            "birth_month": "2006-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "carers-allowance",
        "universal-credit-disabled-child",
    ),
    p(
        "money: young person, 17, answering for themselves, getting PIP",
        {
            **YOUNG_PERSON,
            "birth_month": "2009-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "universal-credit-disabled-child family-fund",
        "carers-allowance",
    ),
    p(
        "money: keyworker for a 17-year-old who reads the plan",
        {
            "respondent": "professional",
            "plan_reader": "young_person",
            "birth_month": "2009-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "universal-credit-disabled-child",
        "carers-allowance",
    ),
    p(
        "money: keyworker for a 17-year-old, plan for the parent",
        {
            "respondent": "professional",
            "plan_reader": "parent_carer",
            "birth_month": "2009-06",
            "setting": "college",
            "disability_benefits": "receiving_pip",
        },
        "carers-allowance",
    ),
    p(
        "money and health: 7-year-old with a physical disability",
        {
            "birth_month": "2019-05",
            "needs_areas": ["sensory_physical"],
            "conditions": ["physical_disability"],
        },
        "blue-badge council-tax-disability-reduction home-adaptations equipment-and-care-at-home",
        "childrens-continuing-care personal-health-budget",
    ),
    p(
        "money: 8-year-old who cannot walk to school",
        {
            "birth_month": "2018-05",
            "travel_difficulty": True,
            "walking_distance_miles": 1,
            "cannot_walk_due_to_needs": True,
            "low_income_family": False,
        },
        "blue-badge council-tax-disability-reduction home-adaptations",
    ),
    p(
        "money: 2-year-old at home with a medical condition",
        {
            **NOT_IN_A_SETTING,
            "birth_month": "2024-05",
            "setting": "not_in_setting_under_5",
            "conditions": ["other_medical_condition"],
            "current_support": "none",
            "support_meeting_needs": None,
        },
        "blue-badge equipment-and-care-at-home childrens-continuing-care personal-health-budget",
    ),
    p(
        "money: 4-year-old at nursery with a medical condition, no care in the day",
        {
            "birth_month": "2022-05",
            "setting": "early_years",
            "conditions": ["other_medical_condition"],
        },
        "",
        "blue-badge equipment-and-care-at-home childrens-continuing-care personal-health-budget",
    ),
    p(
        "money: 18-year-old likely to need adult care",
        {**ADULT, "birth_month": "2008-06", "setting": "college", "adult_care_likely": True},
        "council-tax-disability-reduction independent-living-housing",
        "nhs-continuing-healthcare",
    ),
    p(
        "money: 17-year-old likely to need adult care",
        {"birth_month": "2009-06", "setting": "college", "adult_care_likely": True},
        "independent-living-housing",
        "council-tax-disability-reduction",
    ),
    # --- health equipment and continuing care -------------------------------------------------------
    p(
        "health: 12-year-old with epilepsy and care during the day",
        {
            "birth_month": "2014-05",
            "conditions": ["epilepsy"],
            "medical_support_in_setting": True,
        },
        "childrens-continuing-care personal-health-budget individual-healthcare-plan",
        "equipment-and-care-at-home nhs-continuing-healthcare",
    ),
    p(
        "health: 12-year-old with epilepsy, no care during the day",
        {"birth_month": "2014-05", "conditions": ["epilepsy"]},
        "",
        "childrens-continuing-care personal-health-budget",
    ),
    p(
        "health: 10-year-old with a medical condition and care during the day",
        {"conditions": ["other_medical_condition"], "medical_support_in_setting": True},
        "equipment-and-care-at-home childrens-continuing-care personal-health-budget",
        "home-adaptations",
    ),
    p(
        "health: 17-year-old with a medical condition, care in the day, adult care likely",
        {
            "birth_month": "2009-06",
            "setting": "college",
            "conditions": ["other_medical_condition"],
            "medical_support_in_setting": True,
            "adult_care_likely": True,
        },
        "childrens-continuing-care personal-health-budget",
        "nhs-continuing-healthcare",
    ),
    p(
        "health: 18-year-old with a medical condition, adult care likely",
        {
            **ADULT,
            "birth_month": "2008-06",
            "setting": "college",
            "conditions": ["other_medical_condition"],
            "medical_support_in_setting": True,
            "adult_care_likely": True,
        },
        "nhs-continuing-healthcare personal-health-budget equipment-and-care-at-home",
        "childrens-continuing-care",
    ),
    p(
        "health: 18-year-old with a medical condition, no adult care",
        {
            **ADULT,
            "birth_month": "2008-06",
            "setting": "college",
            "conditions": ["other_medical_condition"],
            "adult_care_likely": False,
        },
        "",
        "nhs-continuing-healthcare personal-health-budget",
    ),
    # --- adult life -----------------------------------------------------------------------------------
    p(
        "adult life: 17-year-old interested in university",
        {
            "birth_month": "2009-06",
            "setting": "school_sixth_form",
            "post16_interest": ["higher_education"],
        },
        "disabled-students-allowance",
        "access-to-work",
    ),
    p(
        "adult life: 15-year-old interested in university and a job",
        {"birth_month": "2011-06", "post16_interest": ["higher_education", "employment"]},
        "",
        "disabled-students-allowance access-to-work",
    ),
    p(
        "adult life: young person at university",
        {
            **NOT_IN_A_SETTING,
            **NOT_ASKED_OF_ADULTS,
            "respondent": "young_person",
            "birth_month": "2006-06",
            "setting": "higher_education",
            "current_support": "none",
            "support_meeting_needs": None,
            "disability_benefits": "receiving_pip",
            "post16_interest": ["not_sure"],
        },
        "disabled-students-allowance",
        "carers-allowance access-to-work",
    ),
    p(
        "adult life: young person in a job",
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
        "access-to-work",
        "disabled-students-allowance carers-allowance family-fund",
    ),
    p(
        "adult life: 16-year-old with an EHC plan wanting a supported internship",
        {
            "birth_month": "2010-06",
            "setting": "college",
            "current_support": "ehc_plan",
            "ehc_status": "plan_issued",
            "wants_personal_budget": False,
            "post16_interest": ["supported_internship"],
        },
        "access-to-work supported-internship",
    ),
    p(
        "adult life: 16-year-old likely to need adult care",
        {"birth_month": "2010-06", "setting": "college", "adult_care_likely": True},
        "independent-living-housing",
    ),
    p(
        "adult life: 15-year-old likely to need adult care",
        {"birth_month": "2011-06", "adult_care_likely": True},
        "care-act-transition-assessment",
        "independent-living-housing",
    ),
    p(
        "adult life: 19-year-old with a learning disability, no adult care",
        {
            **ADULT,
            "birth_month": "2007-06",
            "setting": "college",
            "conditions": ["learning_disability"],
            "adult_care_likely": False,
        },
        "independent-living-housing council-tax-disability-reduction",
        "nhs-continuing-healthcare care-act-transition-assessment",
    ),
]
