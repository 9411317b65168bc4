"""Conformance to the data dictionary: each fact is a required question of the right type and
values, and is asked exactly when its `asked_when` rule says (checked by replaying answer sets)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from wizard.core.conditions import Condition, ConditionError, bind_groups, parse, type_check
from wizard.core.content_ids import BIRTH_MONTH
from wizard.core.dictionary import EXCLUSIVE_VALUES, NODE_TYPE_FOR, Dictionary
from wizard.core.engine import EngineError, facts_from, resolve
from wizard.core.flow_analysis import answer_sources, problem_at
from wizard.core.graph import Graph
from wizard.core.yamlsource import ContentError


def _dictionary_error(dictionary: Dictionary, fact_id: str, message: str) -> ContentError:
    line = dictionary.facts[fact_id].line if fact_id in dictionary.facts else None
    return ContentError(dictionary.document.file, line, message, fact_id)


def check_dictionary(graph: Graph, dictionary: Dictionary) -> list[ContentError]:
    """Each fact is a required question with its id, type and values; every other question is optional."""
    problems = []
    for fact in dictionary.facts.values():
        node = graph.nodes.get(fact.id)
        if node is None:
            problems.append(
                _dictionary_error(
                    dictionary, fact.id, f"the fact '{fact.id}' has no question with that id"
                )
            )
            continue
        wanted = NODE_TYPE_FOR[fact.type]
        if node.type != wanted:
            problems.append(
                problem_at(
                    node,
                    f"the dictionary says '{fact.id}' is {fact.type}, "
                    f"so it must be a {wanted} question, not {node.type}",
                    "type",
                )
            )
            continue
        if fact.values and set(node.option_values) != set(fact.values):
            missing = sorted(set(fact.values) - set(node.option_values))
            extra = sorted(set(node.option_values) - set(fact.values))
            detail = "; ".join(
                part
                for part in (
                    f"missing {missing}" if missing else "",
                    f"not in the dictionary {extra}" if extra else "",
                )
                if part
            )
            problems.append(
                problem_at(
                    node,
                    f"the options must be exactly the dictionary's values: {detail}",
                    "options",
                )
            )
        for option in node.options:
            if (
                fact.type == "multichoice"
                and option.value in EXCLUSIVE_VALUES
                and not option.exclusive
            ):
                problems.append(
                    problem_at(
                        node,
                        f"the option '{option.value}' must be exclusive (chosen on its own)",
                        "options",
                    )
                )
        if not node.validation.required:
            problems.append(
                problem_at(
                    node,
                    "a dictionary fact must be required: an unanswered fact is unknown",
                    "validation",
                )
            )
    for node in graph.questions():
        if node.id not in dictionary.facts and node.validation.required:
            problems.append(
                problem_at(
                    node,
                    "a question outside the data dictionary must be optional (validation: required: false)",
                    "validation",
                )
            )
    for name, values in dictionary.groups.items():
        if tuple(graph.groups.get(name, ())) != tuple(values):
            problems.append(
                ContentError(
                    graph.start_file or "graph.yaml",
                    graph.start_line,
                    f"groups.{name} must be exactly the dictionary's group: {list(values)}",
                )
            )
    problems += [
        problem
        for _fact, _rule, problem in _asked_when_rules(graph, dictionary)
        if problem is not None
    ]
    return problems


def _asked_when_rules(
    graph: Graph, dictionary: Dictionary
) -> list[tuple[str, Condition | None, ContentError | None]]:
    types, groups = graph.fact_types(), {**graph.groups, **dictionary.groups}
    rules: list[tuple[str, Condition | None, ContentError | None]] = []
    for fact in dictionary.facts.values():
        try:
            condition = parse(fact.asked_when)
        except ConditionError as error:
            rules.append(
                (
                    fact.id,
                    None,
                    _dictionary_error(
                        dictionary,
                        fact.id,
                        f"asked_when '{fact.asked_when}' cannot be read: {error}",
                    ),
                )
            )
            continue
        found = type_check(condition, types, groups)
        if found:
            rules.append(
                (
                    fact.id,
                    None,
                    _dictionary_error(dictionary, fact.id, f"asked_when: {'; '.join(found)}"),
                )
            )
        else:
            rules.append((fact.id, bind_groups(condition, groups), None))
    return rules


def sample_answers(
    graph: Graph, dictionary: Dictionary, rng: random.Random, as_of: date
) -> dict[str, Any]:
    """One random answer for every dictionary fact (boundary-heavy: ages 0 to 26, dates near as_of)."""
    answers: dict[str, Any] = {}
    for fact in dictionary.facts.values():
        node = graph.nodes.get(fact.id)
        if node is None:
            continue
        if fact.type == "choice":
            answers[fact.id] = rng.choice(node.option_values)
        elif fact.type == "multichoice":
            exclusive = [o.value for o in node.options if o.exclusive]
            ordinary = [o.value for o in node.options if not o.exclusive]
            if exclusive and rng.random() < 0.25:
                answers[fact.id] = [rng.choice(exclusive)]
            else:
                answers[fact.id] = rng.sample(ordinary, rng.randint(1, min(3, len(ordinary))))
        elif fact.type == "boolean":
            answers[fact.id] = rng.random() < 0.5
        elif fact.type == "number":
            answers[fact.id] = rng.choice([0, 0.5, 1.9, 2, 2.1, 2.9, 3, 3.1, 4.5, 10])
        elif fact.type == "month":
            months_back = rng.randint(0, 26 * 12 - 1)  # ages 0 to 25, the service's range
            index = as_of.year * 12 + as_of.month - 1 - months_back
            answers[fact.id] = f"{index // 12:04d}-{index % 12 + 1:02d}"
        elif fact.type == "date":
            answers[fact.id] = (as_of - timedelta(days=rng.randint(0, 200))).isoformat()
    return answers


def check_asked_when(
    graph: Graph, dictionary: Dictionary, samples: int = 400, seed: int = 20261130
) -> list[ContentError]:
    """Replay random complete answer sets: each fact must be asked exactly when its rule holds."""
    rules = [
        (fact_id, rule)
        for fact_id, rule, problem in _asked_when_rules(graph, dictionary)
        if rule is not None and problem is None
    ]
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    as_of = date(2026, 11, 30)
    problems: dict[str, ContentError] = {}
    for _ in range(samples):
        answers = sample_answers(graph, dictionary, rng, as_of)
        try:
            progress = resolve(graph, answers, as_of)
        except EngineError as error:
            return [
                ContentError(
                    graph.start_file or "graph.yaml", graph.start_line, f"replay failed: {error}"
                )
            ]
        if not progress.complete:
            node = graph.nodes[progress.current or graph.start]
            problems.setdefault(
                f"stop:{node.id}",
                problem_at(
                    node,
                    "answers to every dictionary fact stop here: only dictionary facts may be required",
                ),
            )
            continue
        position = {node_id: index for index, node_id in enumerate(progress.path)}
        for fact_id, rule in rules:
            if fact_id in problems:
                continue
            asked = fact_id in position
            before = {
                k: v
                for k, v in progress.answers.items()
                if not asked or position[k] < position[fact_id]
            }
            derived = progress.derived if BIRTH_MONTH in before else {}
            expected = rule.evaluate(facts_from(before, derived))
            if asked != expected:
                node = graph.nodes[fact_id]
                relevant = {
                    k: v for k, v in before.items() if k in answer_sources(rule) or k == BIRTH_MONTH
                }
                verb = "is asked although" if asked else "is not asked although"
                condition = "its rule does not hold" if asked else "its rule holds"
                problems[fact_id] = problem_at(
                    node,
                    f"'{fact_id}' {verb} {condition} (asked_when: {rule.source}; for example with {relevant})",
                )
    return list(problems.values())
