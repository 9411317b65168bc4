"""Answers: check one answer against its node, from JSON (the API) or from a web form.

An answer is stored as plain JSON: a choice as a string, checkboxes as a list in option order, yes/no
as true/false, a number as a number, a month as "YYYY-MM", a date as "YYYY-MM-DD", text as a string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.core.conditions import FactValue
from wizard.core.graph import Node, fill

AnswerValue = str | bool | int | float | list[str]

#: Used only if the content lacks a message; the static checks report the gap.
FALLBACK_MESSAGES = {
    "required": "Answer this question",
    "invalid": "Enter a valid answer",
    "min": "The number is too small",
    "max": "The number is too big",
    "max_length": "Your answer is too long",
    "exclusive": "Select one option, or 'none' on its own",
    "future": "The date must be today or in the past",
    "too_old": "The date is too far in the past",
}

MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

#: Line breaks other than a newline, as some programs paste them (Word's manual line break is U+000B).
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
#: What a text answer never keeps: control characters other than tab and newline (C0, DEL, C1),
#: noncharacters (U+FDD0 to U+FDEF, and the last two code points of every plane, such as U+FFFE)
#: and lone surrogates. No one can see them or means to type them, and XML (the Word letter)
#: cannot hold most of them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)


@dataclass(frozen=True)
class AnswerError(Exception):
    """Why an answer was refused: the question, which rule failed, and the message to show."""

    question: str | None
    key: str
    message: str
    #: The form fields at fault, such as ("birth_month-year",); none named means all of them.
    fields: tuple[str, ...] = ()


def error_keys(node: Node) -> list[str]:
    """Every way an answer to this node can be invalid (each needs a message in the content)."""
    if not node.is_question:
        return []
    keys = ["required"] if node.validation.required else []
    if node.type == "checkboxes" and any(option.exclusive for option in node.options):
        keys.append("exclusive")
    if node.type in ("number", "month", "date"):
        keys.append("invalid")
    if node.type == "number":
        keys += [key for key in ("min", "max") if getattr(node.validation, key) is not None]
    if node.type in ("text", "textarea"):
        keys.append("max_length")
    if node.type in ("month", "date"):
        keys += ["future"] if node.validation.not_future else []
        keys += ["too_old"] if node.validation.max_years_ago else []
    return keys


class Context:
    """What checking an answer needs besides the answer: the date, earlier facts and the voice."""

    def __init__(
        self, as_of: date, facts: Mapping[str, FactValue], terms: Mapping[str, str] | None = None
    ):
        self.as_of = as_of
        self.facts = facts
        self.terms = terms or {}


def refuse(node: Node, key: str, context: Context) -> AnswerError:
    """An AnswerError carrying the content's message for `key`, in the right voice."""
    text = node.errors.get(key)
    message = (
        fill(text, context.facts, context.terms) if text is not None else FALLBACK_MESSAGES[key]
    )
    return AnswerError(node.id, key, message)


def check_answer(node: Node, value: Any, context: Context) -> AnswerValue | None:
    """Return the answer in canonical form, None for 'not answered', or raise AnswerError."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == []:
        if node.validation.required:
            raise refuse(node, "required", context)
        return None
    checker = _CHECKERS.get(node.type)
    if checker is None:
        raise AnswerError(node.id, "invalid", "This page does not take an answer")
    return checker(node, value, context)


def _choice(node: Node, value: Any, context: Context) -> AnswerValue:
    if not isinstance(value, str) or value not in node.option_values:
        raise refuse(node, "required", context)  # GOV.UK: an unknown option reads as "select one"
    return value


def _checkboxes(node: Node, value: Any, context: Context) -> AnswerValue:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise refuse(node, "required", context)
    chosen = set(value)
    if not chosen <= set(node.option_values) or len(chosen) != len(value):
        raise refuse(node, "required", context)
    exclusive = {option.value for option in node.options if option.exclusive}
    if chosen & exclusive and len(chosen) > 1:
        raise refuse(node, "exclusive", context)
    return [v for v in node.option_values if v in chosen]


def _yesno(node: Node, value: Any, context: Context) -> AnswerValue:
    if not isinstance(value, bool):
        raise refuse(node, "required", context)
    return value


def _number(node: Node, value: Any, context: Context) -> AnswerValue:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or value != value
        or value in (float("inf"), float("-inf"))
    ):
        raise refuse(node, "invalid", context)
    if value < 0:
        raise refuse(node, "min" if node.validation.min is not None else "invalid", context)
    if node.validation.min is not None and value < node.validation.min:
        raise refuse(node, "min", context)
    if node.validation.max is not None and value > node.validation.max:
        raise refuse(node, "max", context)
    return int(value) if float(value).is_integer() else float(value)


def _calendar(node: Node, value: Any, context: Context) -> AnswerValue:
    pattern = r"^\d{4}-\d{2}$" if node.type == "month" else r"^\d{4}-\d{2}-\d{2}$"
    if not isinstance(value, str) or not re.match(pattern, value):
        raise refuse(node, "invalid", context)
    try:
        day = date.fromisoformat(value + "-01" if node.type == "month" else value)
    except ValueError:
        raise refuse(node, "invalid", context) from None
    if day.year < 1900:
        raise refuse(node, "invalid", context)
    as_of = context.as_of
    latest = as_of.replace(day=1) if node.type == "month" else as_of
    if node.validation.not_future and day > latest:
        raise refuse(node, "future", context)
    years = node.validation.max_years_ago
    earliest = _years_before(as_of, years) if years else None
    if earliest is not None and day < (
        earliest.replace(day=1) if node.type == "month" else earliest
    ):
        raise refuse(node, "too_old", context)
    return value


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def plain_text(value: str) -> str:
    """`value` without invisible characters: every line break becomes a newline, tabs stay.

    Text answers are cleaned like this as they are saved, and documents clean what they are given
    (an answer saved before this existed may still hold them).
    """
    return _INVISIBLE.sub("", value.replace("\r\n", "\n").translate(_LINE_BREAKS))


def _text(node: Node, value: Any, context: Context) -> AnswerValue | None:
    # Invisible characters are left out without a message: a parent cannot see them to remove
    # them, so an error naming them would leave them stuck. What is kept is shown back to them.
    if not isinstance(value, str):
        raise refuse(node, "required", context)
    cleaned = plain_text(value).strip()
    if not cleaned:  # nothing but invisible characters: no answer
        if node.validation.required:
            raise refuse(node, "required", context)
        return None
    limit = node.max_length()
    if limit is not None and len(cleaned) > limit:
        raise refuse(node, "max_length", context)
    return cleaned


_CHECKERS = {
    "radios": _choice,
    "checkboxes": _checkboxes,
    "yesno": _yesno,
    "number": _number,
    "month": _calendar,
    "date": _calendar,
    "text": _text,
    "textarea": _text,
}


# --- from a web form -----------------------------------------------------------------------------


def from_form(node: Node, form: Mapping[str, list[str]], context: Context) -> Any:
    """Turn posted form fields into the JSON answer check_answer takes (format errors raise)."""
    values = form.get(node.id, [])
    first = values[0] if values else ""
    if node.type == "checkboxes":
        return [v for v in values if v]
    if node.type == "yesno":
        return {"yes": True, "no": False}.get(first, first if first else None)
    if node.type == "number":
        text = first.strip().replace(",", "")
        if not text:
            return None
        if not _NUMBER.match(text):
            raise refuse(node, "invalid", context)
        number = float(text)
        return int(number) if number.is_integer() else number
    if node.type in ("month", "date"):
        return _calendar_from_form(node, form, context)
    return first


def _calendar_from_form(node: Node, form: Mapping[str, list[str]], context: Context) -> str | None:
    def field(part: str) -> str:
        found = form.get(f"{node.id}-{part}", [""])
        return (found[0] if found else "").strip()

    parts = ["day", "month", "year"] if node.type == "date" else ["month", "year"]
    raw = {part: field(part) for part in parts}
    if not any(raw.values()):
        return None
    # The GOV.UK Design System's order: what is missing, then a short year, then what cannot be real.
    missing = [part for part in parts if not raw[part]]
    if missing:
        subject = date_subject(node, context)
        message = f"{subject} must include a {' and '.join(missing)}"
        raise AnswerError(
            node.id, "incomplete", message, tuple(f"{node.id}-{part}" for part in missing)
        )
    if not re.fullmatch(r"\d{4}", raw["year"]):
        raise AnswerError(node.id, "year", "Year must include 4 numbers", (f"{node.id}-year",))
    month_text = raw["month"].lower()
    month = MONTH_NAMES.get(month_text) or (int(month_text) if month_text.isdigit() else 0)
    year = int(raw["year"])
    day = (
        int(raw["day"])
        if node.type == "date" and raw["day"].isdigit()
        else (1 if node.type == "month" else 0)
    )
    try:
        value = date(year, month, day)
    except ValueError:
        raise refuse(node, "invalid", context) from None
    return value.isoformat()[:7] if node.type == "month" else value.isoformat()


def date_subject(node: Node, context: Context) -> str:
    """What a date question's messages call its date, in the right voice.

    The words before "must" in the content's own 'invalid' message ("The date on the notice must
    be a real date"), so every message about one date names it alike; else the summary label.
    """
    text = node.errors.get("invalid")
    if text is not None:
        subject, found, _rest = fill(text, context.facts, context.terms).partition(" must ")
        if found and subject:
            return subject
    summary = fill(node.summary, context.facts, context.terms)
    return summary or ("The month" if node.type == "month" else "The date")


def to_form(node: Node, value: AnswerValue | None) -> dict[str, str | list[str]]:
    """The form field values that show an existing answer on its page."""
    if value is None:
        return {}
    if node.type == "month" and isinstance(value, str):
        return {f"{node.id}-year": value[:4], f"{node.id}-month": str(int(value[5:7]))}
    if node.type == "date" and isinstance(value, str):
        return {
            f"{node.id}-year": value[:4],
            f"{node.id}-month": str(int(value[5:7])),
            f"{node.id}-day": str(int(value[8:10])),
        }
    if node.type == "yesno":
        return {node.id: "yes" if value else "no"}
    if node.type == "checkboxes" and isinstance(value, list):
        return {node.id: list(value)}
    return {node.id: str(value)}
