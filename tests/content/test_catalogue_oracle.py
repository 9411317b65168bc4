"""For any answers keyed by the dictionary, the API returns exactly the actions whose catalogue rule
holds, with the right deadline dates. The rules and deadlines here come from the spec file itself."""

from __future__ import annotations

import calendar
import random
import re
from datetime import date, timedelta

import pytest
import yaml

from tests.support.content import real_content
from wizard import PROJECT_ROOT
from wizard.core.conditions import bind_groups, parse
from wizard.core.conformance import sample_answers

SPEC = yaml.safe_load((PROJECT_ROOT / "questions" / "spec" / "action-catalogue.yaml").read_text())
DICTIONARY = yaml.safe_load(
    (PROJECT_ROOT / "questions" / "spec" / "data-dictionary.yaml").read_text()
)
GROUPS = {name: tuple(values) for name, values in DICTIONARY["groups"].items()}
RULES = {
    action_id: bind_groups(parse(" ".join(raw["applies_when"].split())), GROUPS)
    for action_id, raw in SPEC["actions"].items()
}
AFTER = re.compile(r"^(\w+) \+ (\d+) (days|weeks|months)$")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def derived(birth: str | None, as_of: date) -> dict[str, object]:
    """Age, school year and the end of compulsory school age, worked out here from the data
    dictionary's own definitions (never read from the response)."""
    if birth is None:
        return {"age": None, "school_year": None, "compulsory_school_age_ends": None}
    year, month = int(birth[:4]), int(birth[5:])
    age = as_of.year - year - (1 if as_of.month < month else 0)
    cohort = year if month >= 9 else year - 1
    academic = as_of.year if as_of.month >= 9 else as_of.year - 1
    number = (academic - 5) - cohort
    june = date(cohort + 5 + 11 + 1, 6, 30)
    last_friday = june - timedelta(days=(june.weekday() - calendar.FRIDAY) % 7)
    return {
        "age": age,
        "school_year": number if 0 <= number <= 13 else None,
        "compulsory_school_age_ends": last_friday.isoformat(),
    }


def expected_deadlines(action_id: str, facts: dict, birth: str | None) -> dict[str, str]:
    """Deadlines worked out from the catalogue's own expressions."""
    school_year = facts.get("school_year")
    found = {}
    for deadline_id, expression in (SPEC["actions"][action_id].get("deadlines") or {}).items():
        match = AFTER.match(" ".join(str(expression).split()))
        if match:
            source, amount, unit = match.group(1), int(match.group(2)), match.group(3)
            if source in facts:
                start = date.fromisoformat(facts[source])
                end = (
                    add_months(start, amount)
                    if unit == "months"
                    else start + timedelta(days=amount * (7 if unit == "weeks" else 1))
                )
                found[deadline_id] = end.isoformat()
            continue
        # The fixed dates of phase transfer (their 'when' is a comment in the catalogue).
        if birth is None:
            continue
        year, month = int(birth[:4]), int(birth[5:])
        cohort = year if month >= 9 else year - 1
        starting_school = "starting_school" in (facts.get("upcoming_transition") or [])
        if (
            deadline_id == "plan-amended-for-school-start"
            and starting_school
            and school_year is None
            and facts["age"] < 5
        ):
            # The child starts Reception on 1 September of cohort + 5: 15 February of that year.
            found[deadline_id] = date(cohort + 5, 2, 15).isoformat()
        if school_year is None:
            continue
        if deadline_id == "plan-amended-for-secondary" and school_year <= 6:
            found[deadline_id] = date(cohort + 5 + 6 + 1, 2, 15).isoformat()
        if deadline_id == "plan-amended-for-post16" and 7 <= school_year <= 11:
            found[deadline_id] = date(cohort + 5 + 11 + 1, 3, 31).isoformat()
    return found


@pytest.mark.parametrize("seed", range(6))
def test_api_matches_the_catalogue_for_random_answers(client, seed):
    content = real_content()
    rng = random.Random(seed)
    for _ in range(120):
        as_of = date(2026, 1, 1) + timedelta(days=rng.randint(0, 700))
        answers = sample_answers(content.graph, content.dictionary, rng, as_of)
        if rng.random() < 0.3:  # an incomplete journey: the plan uses what was answered
            for key in rng.sample(sorted(answers), rng.randint(1, 5)):
                del answers[key]
        response = client.post(
            "/api/v1/pathway", json={"answers": answers, "as_of": as_of.isoformat()}
        )
        assert response.status_code == 200, response.json
        result = response.json
        facts = {k: v for k, v in answers.items() if k not in result["ignored"]}
        ours = derived(facts.get("birth_month"), as_of)
        assert result["derived"] == ours, facts.get("birth_month")
        facts.update({k: v for k, v in ours.items() if v is not None})
        expected = {action_id for action_id, rule in RULES.items() if rule.evaluate(facts)}
        got = {action["id"]: action for action in result["actions"] if action["id"] in RULES}
        assert set(got) == expected, {
            "answers": answers,
            "as_of": str(as_of),
            "missing": expected - set(got),
            "extra": set(got) - expected,
        }
        for action_id in expected:
            deadlines = {d["id"]: d["date"] for d in got[action_id]["deadlines"]}
            wanted = expected_deadlines(action_id, facts, facts.get("birth_month"))
            assert deadlines == wanted, (action_id, answers)
