"""Each action's wording covers its catalogue `must_cover` points, without promises or [U] claims."""

from __future__ import annotations

import re

import pytest

from tests.support.content import real_content

CONTENT = real_content()

#: Phrases that show each must_cover point of questions/spec/action-catalogue.yaml is in the wording.
MUST_COVER = {
    "sendiass": ["free", "impartial", "confidential", "arm's length", "every step in this plan"],
    "parent-carer-forum": ["parent carer forum", "support groups", "shaping the Local Offer"],
    "contact-home-authority": [
        "responsible for",
        "EHC needs assessments",
        "Local Offer",
        "may still be used",
    ],
    "talk-to-setting": [
        "SENCO",
        "learning support lead",
        "best endeavours",
        "assess, plan, do and review",
        "must tell parents",
    ],
    "review-sen-support": [
        "review",
        "educational psychologist",
        "specialist teacher",
        "Keep notes",
        "evidence",
    ],
    "early-years-support": [
        "health visitor",
        "early years inclusion",
        "funded early education",
        "Disability Access Fund",
        "3 or 4",
    ],
    "education-out-of-school": [
        "suitable full-time education",
        "exclusion, illness",
        "reduced timetable",
        "temporary",
        "alternative provision",
        "section 19",
    ],
    "home-education": ["SEN", "EHC needs assessment", "name home education"],
    "home-to-school-transport": [
        "2 miles (under 8)",
        "3 miles (8 and over)",
        "cannot reasonably be expected to walk",
        "not safe",
        "low income",
        "appeal",
        "section 508B",
        "Schedule 35B",
    ],
    "post16-transport": [
        "no automatic right",
        "post-16 transport policy statement",
        "19 to 25",
        "consider",
    ],
    "request-ehc-assessment": [
        "parent, a young person aged 16 to 25, or the school or college",
        "do not need a form or a diagnosis",
        "set period of SEN support",
        "has or may have special educational needs",
        "may need support through an EHC plan",
        "within 6 weeks",
        "appeal",
        "section 36(1)",
        "(8)",
    ],
    "ehc-assessment-timeline": ["advice", "6 weeks", "consult you", "extend the time limits"],
    "respond-to-draft-plan": [
        "at least 15 days",
        "meeting",
        "does not name one",
        "section B",
        "section F",
        "specific and quantified",
        "personal budget",
    ],
    "annual-review": [
        "12 months",
        "3 to 6 months",
        "2 weeks' notice",
        "2 weeks before",
        "From Year 9",
        "preparing for adulthood",
        "within 4 weeks",
        "keep, change or end",
    ],
    "phase-transfer": [
        "15 February",
        "31 March",
        "reviewed and amended",
        "Visit",
        "Tell the council which school or college you want",
    ],
    "personal-budget": [
        "drafted or reviewed",
        "direct payment",
        "notional budget",
        "third party",
        "section J",
        "section 49",
    ],
    "mediation-and-appeal": [
        "refusal to assess",
        "refusal to make a plan",
        "sections B (needs), F (provision) and I (placement)",
        "end a plan",
        "mediation adviser",
        "3 working days",
        "within 2 months",
        "within 1 month",
        "whichever is later",
        "only want to appeal about the school or college",
        "health and social care parts",
    ],
    "disagreement-resolution": [
        "Talk to",
        "free and voluntary",
        "does not affect your right to appeal",
    ],
    "complaints": [
        "complaints procedure",
        "Department for Education",
        "Local Government and Social Care Ombudsman",
        "12 months",
        "Parliamentary and Health Service Ombudsman",
    ],
    "individual-healthcare-plan": [
        "must make arrangements to support pupils with medical conditions",
        "individual healthcare plan",
        "health professionals",
        "section 100",
    ],
    "therapy-referral": [
        "GP",
        "health visitor",
        "school nurse",
        "special educational provision",
        "section F",
    ],
    "mental-health-support": ["GP", "mental health support", "CAMHS", "crisis"],
    "adult-health-transition": [
        "named worker",
        "transition plan",
        "annual health check",
        "from age 14",
    ],
    "short-breaks": [
        "short breaks services statement",
        "day, overnight, evening, weekend and holiday",
        "eligibility criteria",
        "how to ask",
    ],
    "social-care-assessment": ["child in need", "assessment", "section 17"],
    "parent-carer-needs-assessment": ["parent carer's needs assessment", "section 17ZD"],
    "looked-after-support": [
        "virtual school head",
        "personal education plan",
        "social worker",
        "EHC",
    ],
    "claim-dla": ["not means-tested", "care part and a mobility part", "claim"],
    "claim-pip": ["daily living", "mobility", "claim", "appointee"],
    "prepare-for-pip": ["stops at 16", "when invited", "appointee"],
    "childcare": ["Childcare and holiday care", "funded childcare hours", "inclusion funding"],
    "leisure-activities": ["inclusive activities, clubs and sport", "Local Offer"],
    "preparing-for-adulthood": [
        "employment or higher education",
        "independent living",
        "friends, relationships and community",
        "good health",
        "from Year 9",
    ],
    "post16-options": [
        "sixth form",
        "specialist colleges",
        "apprenticeships",
        "supported internships",
        "supported employment",
        "until 18",
    ],
    "supported-internship": ["EHC plan", "employer", "job coach"],
    "care-act-transition-assessment": [
        "Care Act 2014",
        "significant benefit",
        "carry on until adult support starts",
        "before they turn 18",
    ],
    "transfer-of-rights": [
        "end of compulsory school age",
        "themselves",
        "Mental Capacity Act",
        "Parents can still support",
    ],
    "plan-after-19": ["until 25", "19 or older", "university", "job without training"],
}

#: Words that would promise a service will be provided.
PROMISES = re.compile(
    r"\b(you will get|will be provided|guaranteed|you are entitled to)\b", re.IGNORECASE
)


def all_words(action) -> str:
    """Every sentence of an action in the parent's voice, whatever its conditions."""
    graph = CONTENT.graph
    facts = {"respondent": "parent_carer"}
    parts = [graph.words(action.title, facts), graph.words(action.summary, facts)]
    for lines in (action.why, action.steps, action.expect):
        parts += [graph.words(line.text, facts) for line in lines]
    parts += list(action.legal_basis)
    if action.eligibility:
        parts += [
            graph.words(action.eligibility.likely, facts),
            graph.words(action.eligibility.check, facts),
        ]
    return " ".join(" ".join(parts).split())


def test_the_checklist_covers_every_catalogue_action():
    assert set(MUST_COVER) == {action.id for action in CONTENT.actions.actions}


@pytest.mark.parametrize("action_id", sorted(MUST_COVER))
def test_must_cover_points_are_in_the_wording(action_id):
    words = all_words(CONTENT.actions.get(action_id))
    missing = [phrase for phrase in MUST_COVER[action_id] if phrase.lower() not in words.lower()]
    assert missing == []


@pytest.mark.parametrize("action_id", sorted(MUST_COVER))
def test_no_action_promises_a_service(action_id):
    assert not PROMISES.search(all_words(CONTENT.actions.get(action_id)))


def test_traineeships_are_not_offered():
    assert "traineeship" not in " ".join(all_words(a) for a in CONTENT.actions.actions).lower()


def test_every_action_says_when_its_content_was_checked():
    assert all(action.content_checked.year >= 2026 for action in CONTENT.actions.actions)


@pytest.mark.parametrize("voice", ["parent_carer", "young_person", "professional"])
def test_grammar_in_every_voice(voice):
    graph = CONTENT.graph
    bad = re.compile(
        r"\byou (gets|goes|lives|does|is|has|needs|wants|was)\b|\byour child are\b", re.IGNORECASE
    )
    for action in CONTENT.actions.actions:
        facts = {"respondent": voice}
        for lines in (action.why, action.steps, action.expect):
            for line in lines:
                text = graph.words(line.text, facts)
                assert not bad.search(text), f"{action.id}: {text}"
        for text in (
            action.title,
            action.summary,
            action.eligibility.likely if action.eligibility else None,
            action.eligibility.check if action.eligibility else None,
            *(rule.label for rule in action.deadlines),
        ):
            assert not bad.search(graph.words(text, facts)), (
                f"{action.id}: {graph.words(text, facts)}"
            )
