"""The SEND mapping (questions/directory/mapping.yaml): a council's taxonomy terms -> our categories,
needs areas, conditions and plan actions, and what counts as "in the area"."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.content_ids import CONDITIONS
from wizard.core.graph import Graph
from wizard.core.schema import validate
from wizard.core.yamlsource import ContentProblems, load_yaml_file

SCHEMA_FILE = (
    Path(__file__).resolve().parents[2] / "questions" / "schemas" / "directory-mapping.schema.json"
)
#: The four broad areas of need (SEND Code of Practice 5.32 and 6.28), as the questions name them.
NEEDS_AREAS = {
    "communication_interaction": "Communication and interaction",
    "cognition_learning": "Cognition and learning",
    "social_emotional_mental_health": "Social, emotional and mental health",
    "sensory_physical": "Sensory and physical needs",
}
#: Answers to the conditions question that name no condition, so no service can be for them.
NOT_A_CONDITION = frozenset({"none", "awaiting_assessment"})
#: How the mapping's problems are headed.
SUBJECT = "The directory mapping"


def condition_values(graph: Graph) -> tuple[str, ...]:
    """The conditions question's option values that name a condition (what `conditions:` may use)."""
    node = graph.nodes.get(CONDITIONS)
    if node is None:
        return ()
    return tuple(value for value in node.option_values if value not in NOT_A_CONDITION)


@dataclass(frozen=True)
class Tags:
    """What a service's terms mean for us."""

    categories: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    #: The service is only for children with one of these conditions (when not empty).
    conditions: frozenset[str] = frozenset()

    def rows(self, service_id: str) -> list[dict[str, str]]:
        """The service's tag rows, for the dir_service_tag table."""
        return [
            {"service_id": service_id, "kind": kind, "value": value}
            for kind, values in (
                ("category", self.categories),
                ("need", self.needs),
                ("action", self.actions),
                ("condition", self.conditions),
            )
            for value in sorted(values)
        ]


@dataclass(frozen=True)
class DirectoryMapping:
    """The loaded mapping: look-ups by lower-case term name, code or id."""

    by_term: Mapping[str, Tags]
    area_names: frozenset[str]
    postcode_districts: frozenset[str]
    review_after_months: int
    fingerprint: str
    categories: Mapping[str, str] = field(default_factory=dict)

    def tags_for(self, terms: Iterable[Mapping[str, Any]]) -> tuple[Tags, list[str]]:
        """The tags a service's terms give, and the names of the terms the mapping does not know."""
        categories: set[str] = set()
        needs: set[str] = set()
        actions: set[str] = set()
        conditions: set[str] = set()
        unmapped: list[str] = []
        for term in terms:
            keys = (str(term.get(k) or "").strip().lower() for k in ("name", "code", "id"))
            found = [self.by_term[key] for key in keys if key and key in self.by_term]
            if not found:
                unmapped.append(str(term.get("name") or term.get("id")))
            for tags in found:
                categories |= tags.categories
                needs |= tags.needs
                actions |= tags.actions
                conditions |= tags.conditions
        tags = Tags(
            frozenset(categories), frozenset(needs), frozenset(actions), frozenset(conditions)
        )
        return tags, unmapped

    def in_area(
        self, area_names: Iterable[str], postcodes: Iterable[str], default: bool = True
    ) -> bool:
        """Whether a service is in the council's area, judged by its service areas, then postcodes."""
        names = [name.strip().lower() for name in area_names if name.strip()]
        if names:
            return any(name in self.area_names for name in names)
        districts = [code.strip().upper().split(" ")[0] for code in postcodes if code.strip()]
        if districts and self.postcode_districts:
            return any(district in self.postcode_districts for district in districts)
        return default


def load_mapping(
    path: Path,
    categories: Mapping[str, str],
    action_ids: Collection[str],
    conditions: Collection[str] = (),
) -> DirectoryMapping:
    """Load and check the mapping against the schema, our categories, action ids and conditions.

    `conditions` are the conditions question's values (see `condition_values`); "none" and
    "awaiting_assessment" are never conditions, whatever the caller passes.
    """
    document = load_yaml_file(path, display_name=f"questions/directory/{path.name}")
    problems = validate(document, SCHEMA_FILE)
    if problems:
        raise ContentProblems(problems, SUBJECT)
    data = document.data
    named = set(conditions) - NOT_A_CONDITION
    by_term: dict[str, Tags] = {}
    for index, entry in enumerate(data["mappings"]):
        for key, known, label, where in (
            ("categories", categories, "Local Offer category", "questions/actions/"),
            ("needs", NEEDS_AREAS, "needs area", "questions/actions/"),
            ("actions", action_ids, "plan action", "questions/actions/"),
            ("conditions", named, "condition", "the conditions question in questions/nodes/"),
        ):
            for position, value in enumerate(entry.get(key, [])):
                if value not in known:
                    problems.append(
                        document.error(
                            ("mappings", index, key, position),
                            f"'{value}' is not a {label} (see {where})",
                        )
                    )
        tags = Tags(
            frozenset(entry.get("categories", [])),
            frozenset(entry.get("needs", [])),
            frozenset(entry.get("actions", [])),
            frozenset(entry.get("conditions", [])),
        )
        for position, term in enumerate(entry["terms"]):
            key = term.strip().lower()
            if key in by_term:
                problems.append(
                    document.error(
                        ("mappings", index, "terms", position),
                        f"the term '{term}' is mapped twice",
                    )
                )
            by_term[key] = tags
    if problems:
        raise ContentProblems(problems, SUBJECT)
    area = data["area"]
    return DirectoryMapping(
        by_term=by_term,
        area_names=frozenset(name.strip().lower() for name in area["service_area_names"]),
        postcode_districts=frozenset(area.get("postcode_districts", [])),
        review_after_months=data["review_after_months"],
        fingerprint=hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16],
        categories=dict(categories),
    )
