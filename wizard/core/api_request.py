"""The pathway request shared by the JSON API and the CLI: parse it, check every answer, explain errors.

Errors follow questions/spec/pathway-api.md: 400 for a body that is not a JSON object with an
`answers` object and an optional `as_of` date (YYYY-MM-DD exactly), that nests too deeply or that
holds a lone surrogate; 422 listing every bad answer in plain English.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.core.answers import AnswerError, Context, check_answer
from wizard.core.content import Content
from wizard.core.graph import Graph, Node
from wizard.core.pathway import ServiceFinder, build_pathway


@dataclass(frozen=True)
class RequestError(Exception):
    """A request the pathway cannot answer: an HTTP-style status and every problem found."""

    status: int
    errors: tuple[dict[str, str | None], ...]

    def body(self) -> dict[str, list[dict[str, str | None]]]:
        """The JSON error body: {"errors": [{"question": ..., "message": ...}]}."""
        return {"errors": list(self.errors)}


#: How many objects and lists may sit inside each other. A request needs 3 (the body, `answers`, a
#: list of checkboxes); the limit is checked before parsing, so no body can exhaust the parser's stack.
MAX_DEPTH = 20
#: A JSON string (its closing quote optional, so an unterminated one swallows the rest) or a bracket.
#: The string pattern is the unrolled loop: linear time, no backtracking on a long or broken string.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

NOT_JSON = "The request body must be JSON."
TOO_DEEP = (
    "The request body has too many objects and lists inside each other: "
    f"at most {MAX_DEPTH} levels are allowed."
)
NOT_CHARACTERS = (
    "The request body must be JSON text of real characters: it holds half of a surrogate pair "
    "(such as \\ud800) on its own."
)


def _bad_request(message: str) -> RequestError:
    return RequestError(400, ({"question": None, "message": message},))


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deeply objects and lists nest in JSON `text` (brackets in strings do not count).

    Stops counting once past `limit`, so a hostile body costs no more than it takes to find out.
    """
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif token in ("]", "}"):
            depth -= 1
    return deepest


def _has_lone_surrogate(data: object) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_body(raw: bytes | str) -> tuple[dict[str, Any], date | None]:
    """Read the request body: the answers object and the as-of date (None means today).

    Refused with a 400 before anything else sees it: a body that is not JSON, one nested more than
    MAX_DEPTH deep (checked before parsing), and one holding a lone surrogate (a key or a value no
    UTF-8 text can carry: it would break every reply that quotes it).
    """
    try:
        text = (
            raw
            if isinstance(raw, str)
            else bytes(raw).decode(json.detect_encoding(raw), "surrogatepass")
        )
    except UnicodeDecodeError:
        raise _bad_request(NOT_JSON) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise _bad_request(TOO_DEEP)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise _bad_request(NOT_JSON) from None
    if _has_lone_surrogate(data):
        raise _bad_request(NOT_CHARACTERS)
    if not isinstance(data, dict):
        raise _bad_request("The request body must be a JSON object with an 'answers' object.")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise _bad_request("'answers' must be a JSON object of question ids and answers.")
    as_of = data.get("as_of")
    if as_of is None:
        return answers, None
    try:
        if not isinstance(as_of, str) or not _DATE.fullmatch(as_of):
            raise ValueError
        return answers, date.fromisoformat(as_of)
    except ValueError:
        raise _bad_request(
            "'as_of' must be a date written as YYYY-MM-DD, like 2026-11-30."
        ) from None


def _options(node: Node) -> str:
    values = list(node.option_values)
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else "".join(values)


def api_message(node: Node, key: str) -> str:
    """Explain a refused answer to someone calling the API (the web shows the content's message)."""
    name = f"The answer to '{node.id}'"
    validation = node.validation
    if node.type == "radios":
        return f"{name} must be one of {_options(node)}."
    if node.type == "checkboxes":
        if key == "exclusive":
            alone = next(option.value for option in node.options if option.exclusive)
            return f"{name} can only include '{alone}' on its own."
        return f"{name} must be a list of one or more of {_options(node)}, each once."
    if node.type == "yesno":
        return f"{name} must be true or false."
    if node.type == "number":
        if key == "min" and validation.min is not None:
            return f"{name} must be {validation.min:g} or more."
        if key == "max" and validation.max is not None:
            return f"{name} must be {validation.max:g} or less."
        return f"{name} must be a number of 0 or more."
    if node.type in ("month", "date"):
        written = "YYYY-MM, like 2016-03" if node.type == "month" else "YYYY-MM-DD, like 2026-03-27"
        if key == "future":
            return f"{name} must not be after the as-of date."
        if key == "too_old":
            return f"{name} must be within {validation.max_years_ago} years before the as-of date."
        return f"{name} must be a real {node.type} written as {written}."
    if key == "max_length":
        return f"{name} must be {node.max_length()} characters or fewer."
    return f"{name} must be text."


def check_answers(graph: Graph, answers: dict[str, Any], as_of: date) -> dict[str, Any]:
    """Check every answer on its own terms; return them in canonical form or raise a 422 listing all.

    A null answer means "not answered". Whether an answer is on the path is not checked here:
    answers off the path are reported as `ignored`, as the spec says.
    """
    errors: list[dict[str, str | None]] = []
    checked: dict[str, Any] = {}
    for question, value in answers.items():
        node = graph.nodes.get(question)
        if node is None or not node.is_question:
            errors.append(
                {
                    "question": question,
                    "message": f"'{question}' is not a question in this service.",
                }
            )
            continue
        if value is None:
            continue
        try:
            canonical = check_answer(node, value, Context(as_of, {}))
        except AnswerError as error:
            errors.append({"question": question, "message": api_message(node, error.key)})
            continue
        if canonical is None:  # an empty string or list: there is no answer to use
            errors.append(
                {
                    "question": question,
                    "message": f"The answer to '{question}' is empty: leave it out instead.",
                }
            )
            continue
        checked[question] = canonical
    if errors:
        raise RequestError(422, tuple(errors))
    return checked


def pathway_payload(
    content: Content, raw: bytes | str, today: date, services: ServiceFinder | None = None
) -> dict[str, Any]:
    """Parse a request body and build its plan: the one computation behind the API and the CLI."""
    answers, as_of = parse_body(raw)
    day = as_of or today
    checked = check_answers(content.graph, answers, day)
    return build_pathway(content, checked, day, services=services).to_api()
