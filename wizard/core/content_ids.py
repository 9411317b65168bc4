"""The content ids the code itself relies on, each named once.

Most of the pathway lives in questions/ and the code never names a question; these are the few it
must (to derive ages, choose a letter's voice, fill a letter). Renaming one in the content means
renaming it here; tests/core/test_content_ids.py checks each question id is in the real graph.
"""

from __future__ import annotations

from typing import Final

# --- questions (ids in questions/nodes/) -----------------------------------------------------------

#: Who is answering: parent_carer, young_person or professional.
RESPONDENT: Final = "respondent"
#: Who will read a plan a professional makes (asked of professionals only).
PLAN_READER: Final = "plan_reader"
#: Whether the family lives in this council's area.
LIVES_IN_AREA: Final = "lives_in_area"
#: The home council's name, asked when the family lives elsewhere.
HOME_COUNCIL_NAME: Final = "home_council_name"
#: The child's month of birth ('YYYY-MM'): every derived value comes from it.
BIRTH_MONTH: Final = "birth_month"
#: The child's first name (optional).
FIRST_NAME: Final = "first_name"
#: The setting the child attends.
SETTING: Final = "setting"
#: The broad areas of need.
NEEDS_AREAS: Final = "needs_areas"
#: Diagnosed conditions.
CONDITIONS: Final = "conditions"
#: Whether the family wants a draft request letter (optional: only "no" withholds it).
LETTER_WANTED: Final = "letter_wanted"
#: Who sends the request letter (asked of professionals).
LETTER_SENDER: Final = "letter_sender"
#: The name of the nursery, school or college, for the letter (optional).
SETTING_NAME: Final = "setting_name"
#: The letter's free-text sections, in the family's words.
NEEDS_DESCRIPTION: Final = "needs_description"
CHILD_STRENGTHS: Final = "child_strengths"
SUPPORT_TRIED: Final = "support_tried"
PROFESSIONALS_INVOLVED: Final = "professionals_involved"
REPORTS_HELD: Final = "reports_held"

# --- derived values (computed from BIRTH_MONTH, never asked) -------------------------------------

AGE: Final = "age"
SCHOOL_YEAR: Final = "school_year"
COMPULSORY_SCHOOL_AGE_ENDS: Final = "compulsory_school_age_ends"

#: Every question id above, for the test that they exist in the content.
QUESTION_IDS: Final = frozenset(
    {
        RESPONDENT,
        PLAN_READER,
        LIVES_IN_AREA,
        HOME_COUNCIL_NAME,
        BIRTH_MONTH,
        FIRST_NAME,
        SETTING,
        NEEDS_AREAS,
        CONDITIONS,
        LETTER_WANTED,
        LETTER_SENDER,
        SETTING_NAME,
        NEEDS_DESCRIPTION,
        CHILD_STRENGTHS,
        SUPPORT_TRIED,
        PROFESSIONALS_INVOLVED,
        REPORTS_HELD,
    }
)
