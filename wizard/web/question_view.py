"""A question page's words and values as plain, hashable data, and its fields rendered once per view.

GOV.UK Frontend's macros are the slow part of a page. The fields depend only on the words (already
in the right voice), the values in the fields and the error, so the rendered markup is memoised by
exactly those: the same view always renders the same markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import render_template
from markupsafe import Markup

from wizard.core.answers import AnswerError
from wizard.core.conditions import FactValue
from wizard.core.graph import Graph, Node


@dataclass(frozen=True)
class OptionView:
    """One option in words."""

    value: str
    label: str
    hint: str
    exclusive: bool


@dataclass(frozen=True)
class QuestionView:
    """Everything the fields of a question page show."""

    node_id: str
    type: str
    caption: str
    title: str
    hint: str
    body: tuple[str, ...]
    details_title: str
    details_body: tuple[str, ...]
    options: tuple[OptionView, ...]
    suffix: str
    max_length: int | None
    optional: bool
    values_json: str
    error: str
    #: The fields the error is about (a date's missing part); empty means the whole answer.
    error_fields: tuple[str, ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        """The field values, by field name."""
        loaded: dict[str, Any] = json.loads(self.values_json)
        return loaded

    @property
    def extra(self) -> bool:
        """True when there is more than the question to read first (then the h1 stands alone)."""
        return bool(self.body or self.details_title or self.type == "info")


def question_view(
    graph: Graph,
    node: Node,
    facts: Mapping[str, FactValue],
    caption: str,
    values: Mapping[str, Any],
    error: AnswerError | None,
) -> QuestionView:
    """The view of `node` in the voice these facts call for."""

    def words(text: Any) -> str:
        return graph.words(text, facts)

    return QuestionView(
        node_id=node.id,
        type=node.type,
        caption=caption,
        title=words(node.title),
        hint=words(node.hint),
        body=tuple(words(paragraph) for paragraph in node.body),
        details_title=words(node.details.title) if node.details else "",
        details_body=tuple(words(p) for p in node.details.body) if node.details else (),
        options=tuple(
            OptionView(option.value, words(option.label), words(option.hint), option.exclusive)
            for option in node.options
        ),
        suffix=node.suffix,
        max_length=node.max_length(),
        optional=node.optional,
        values_json=json.dumps(dict(values), sort_keys=True),
        error=error.message if error else "",
        error_fields=error.fields if error else (),
    )


@lru_cache(maxsize=4096)
def render_fields(view: QuestionView) -> Markup:
    """The page's error summary, heading and fields (memoised: the same view, the same markup)."""
    return Markup(render_template("journey/_fields.html", view=view, values=view.values))  # noqa: S704 - our own template, autoescaped
