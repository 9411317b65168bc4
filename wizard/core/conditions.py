"""The condition language: parse to an AST, type-check against the questions, evaluate without eval.

Examples (all from the content):
    respondent is young_person
    ehc_status is refused_to_assess, refused_to_issue_plan or plan_ceasing
    setting in setting_attended and current_support in [none, not_sure]
    setting not in [employment, higher_education]
    therapy_needs includes speech_language or occupational
    disagreement has any value other than none
    age >= 14 and (school_year in [5, 6] or answered(decision_date))

A value list written in English ("is a, b or c", "includes a or b") means "any of these". An
unanswered question makes every comparison false, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["choice", "multichoice", "boolean", "number", "month", "date", "text"]
Literal_ = str | bool | float | date
FactValue = str | bool | float | int | date | frozenset[str] | tuple[str, ...] | list[str] | None

KEYWORDS = {
    "and",
    "or",
    "not",
    "is",
    "in",
    "includes",
    "answered",
    "true",
    "false",
    "always",
    "never",
    "any",
    "of",
    "has",
    "value",
    "other",
    "than",
}
_CONNECTIVES = {"and", "or"}


class ConditionError(ValueError):
    """A condition that cannot be parsed or does not fit the questions it names."""

    def __init__(self, message: str, column: int | None = None):
        self.column = column
        super().__init__(message if column is None else f"{message} (at character {column + 1})")


# --- tokens ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One lexical token with its position in the source text."""

    kind: Literal["ident", "keyword", "string", "number", "month", "date", "op", "end"]
    text: str
    column: int


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<date>\d{4}-\d{2}-\d{2}\b)
      | (?P<month>\d{4}-\d{2}\b)
      | (?P<number>-?\d+(?:\.\d+)?\b)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op><=|>=|==|!=|<|>|\(|\)|\[|\]|,)
    )""",
    re.VERBOSE,
)


def tokenize(source: str) -> list[Token]:
    """Split a condition into tokens; an unknown character is a ConditionError."""
    tokens: list[Token] = []
    position = 0
    stripped_end = len(source.rstrip())
    while position < stripped_end:
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            column = position + (len(source[position:]) - len(source[position:].lstrip()))
            raise ConditionError(f"unexpected character {source[column]!r}", column)
        kind = match.lastgroup
        text = match.group(kind or "")
        column = match.start(kind or 0)
        if kind == "word":
            kind = "keyword" if text in KEYWORDS else "ident"
        tokens.append(Token(kind, text, column))  # type: ignore[arg-type]
        position = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# --- AST -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A literal in a condition: an option value, true/false, a number, a month or a date."""

    kind: Literal["word", "boolean", "number", "month", "date"]
    raw: str

    def python(self) -> Literal_:
        """The literal as the evaluator compares it."""
        if self.kind == "boolean":
            return self.raw == "true"
        if self.kind == "number":
            return float(self.raw)
        if self.kind == "month":
            year, month = self.raw.split("-")
            return date(int(year), int(month), 1)
        if self.kind == "date":
            return date.fromisoformat(self.raw)
        return self.raw


@dataclass(frozen=True)
class Const:
    """`always` or `never`."""

    value: bool


@dataclass(frozen=True)
class Answered:
    """`answered(id)`: the question has an answer on the path."""

    ident: str
    column: int


@dataclass(frozen=True)
class Membership:
    """`x is a`, `x is a, b or c`, `x in [a, b]`, `x in group`, and their `not` forms."""

    ident: str
    values: tuple[Value, ...]
    negated: bool
    column: int
    group: str | None = None


@dataclass(frozen=True)
class Includes:
    """`x includes a or b`: a checkbox answer includes any of the values."""

    ident: str
    values: tuple[Value, ...]
    column: int


@dataclass(frozen=True)
class HasOther:
    """`x has any value other than v`: a checkbox answer holds something besides v."""

    ident: str
    value: Value
    column: int


@dataclass(frozen=True)
class Compare:
    """`x < 5`, `x >= 2026-09`, `x == 3`: an ordered comparison with a literal."""

    ident: str
    op: Literal["<", "<=", ">", ">=", "==", "!="]
    value: Value
    column: int


@dataclass(frozen=True)
class Not:
    """`not (...)`."""

    item: Expr


@dataclass(frozen=True)
class And:
    """All of the items."""

    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """Any of the items."""

    items: tuple[Expr, ...]


Expr = Const | Answered | Membership | Includes | HasOther | Compare | Not | And | Or
Atom = Membership | Includes | HasOther | Compare


@dataclass(frozen=True)
class Condition:
    """A parsed condition with its source text (kept for messages and diagrams)."""

    source: str
    expr: Expr

    def references(self) -> frozenset[str]:
        """Every identifier the condition reads (answers or derived values)."""
        return frozenset(_references(self.expr))

    def evaluate(self, facts: Mapping[str, FactValue]) -> bool:
        """Evaluate against known facts; a missing fact makes its comparisons false."""
        return evaluate(self.expr, facts)


def _references(expr: Expr) -> set[str]:
    if isinstance(expr, Const):
        return set()
    if isinstance(expr, (Not,)):
        return _references(expr.item)
    if isinstance(expr, (And, Or)):
        found: set[str] = set()
        for item in expr.items:
            found |= _references(item)
        return found
    return {expr.ident}


def atoms(expr: Expr) -> list[Atom | Answered]:
    """Every leaf comparison in the expression, in source order."""
    if isinstance(expr, Const):
        return []
    if isinstance(expr, Not):
        return atoms(expr.item)
    if isinstance(expr, (And, Or)):
        return [atom for item in expr.items for atom in atoms(item)]
    return [expr]


# --- parser --------------------------------------------------------------------------------------

_VALUE_KINDS = {"ident", "string", "number", "month", "date"}
_FOLLOWS_VALUE = {",", ")", "]", "and", "or", ""}


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.position = 0

    # token helpers
    def peek(self, offset: int = 0) -> Token:
        index = min(self.position + offset, len(self.tokens) - 1)
        return self.tokens[index]

    def take(self) -> Token:
        token = self.peek()
        self.position += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token.kind in ("keyword", "op") and token.text == text:
            self.position += 1
            return True
        return False

    def expect(self, text: str, what: str) -> Token:
        token = self.peek()
        if token.kind in ("keyword", "op") and token.text == text:
            return self.take()
        raise ConditionError(f"expected {what}, found {_describe(token)}", token.column)

    # grammar
    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise ConditionError("the condition is empty", 0)
        expr = self.or_expr()
        token = self.peek()
        if token.kind != "end":
            raise ConditionError(f"unexpected {_describe(token)}", token.column)
        return expr

    def connective(self, word: str) -> bool:
        """Accept `word`, or `, word` (English puts a comma before the last 'or')."""
        if self.peek().text == word and self.peek().kind == "keyword":
            self.position += 1
            return True
        if self.peek().text == "," and self.peek(1).text == word and self.peek(1).kind == "keyword":
            self.position += 2
            return True
        return False

    def or_expr(self) -> Expr:
        items = [self.and_expr()]
        while self.connective("or"):
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Expr:
        items = [self.unary()]
        while self.connective("and"):
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Expr:
        if self.accept("not"):
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Expr:
        token = self.peek()
        if self.accept("("):
            expr = self.or_expr()
            self.expect(")", "')'")
            return expr
        if self.accept("always"):
            return Const(True)
        if self.accept("never"):
            return Const(False)
        if self.accept("answered"):
            self.expect("(", "'(' after answered")
            ident = self.take()
            if ident.kind != "ident":
                raise ConditionError(
                    f"expected a question id, found {_describe(ident)}", ident.column
                )
            self.expect(")", "')'")
            return Answered(ident.text, ident.column)
        if token.kind != "ident":
            raise ConditionError(f"expected a question id, found {_describe(token)}", token.column)
        self.take()
        return self.predicate(token)

    def predicate(self, ident: Token) -> Expr:
        token = self.peek()
        name, column = ident.text, ident.column
        if self.accept("is"):
            negated = self.accept("not")
            if self.accept("in"):
                return self.membership(name, negated, column)
            return Membership(name, self.value_list(), negated, column)
        if self.accept("not"):
            self.expect("in", "'in' after 'not'")
            return self.membership(name, True, column)
        if self.accept("in"):
            return self.membership(name, False, column)
        if self.accept("includes"):
            if self.accept("any"):
                self.accept("of")
                return Includes(name, self.bracketed_values(), column)
            return Includes(name, self.value_list(), column)
        if self.accept("has"):
            for word in ("any", "value", "other", "than"):
                self.expect(word, f"'{word}' in 'has any value other than'")
            return HasOther(name, self.value(), column)
        if token.kind == "op" and token.text in ("<", "<=", ">", ">=", "==", "!="):
            self.take()
            return Compare(name, token.text, self.value(), column)  # type: ignore[arg-type]
        raise ConditionError(
            f"expected is, in, not in, includes, has or a comparison after '{name}', "
            f"found {_describe(token)}",
            token.column,
        )

    def membership(self, name: str, negated: bool, column: int) -> Membership:
        token = self.peek()
        if token.kind == "ident":
            self.take()
            return Membership(name, (), negated, column, group=token.text)
        return Membership(name, self.bracketed_values(), negated, column)

    def bracketed_values(self) -> tuple[Value, ...]:
        self.expect("[", "'[' to start a list of values")
        values = [self.value()]
        while self.accept(","):
            values.append(self.value())
        self.expect("]", "']' to end the list of values")
        return tuple(values)

    def value_list(self) -> tuple[Value, ...]:
        """One value, then more joined by ',' or 'or' while each is followed by a list end."""
        values = [self.value()]
        while True:
            joiner, candidate, after = self.peek(), self.peek(1), self.peek(2)
            if joiner.text == "," and candidate.kind == "keyword" and candidate.text == "or":
                joiner, candidate, after = candidate, after, self.peek(3)
                skip = 2
            else:
                skip = 1
            is_joiner = joiner.text in (",", "or") and joiner.kind in ("op", "keyword")
            is_value = candidate.kind in _VALUE_KINDS or candidate.text in ("true", "false")
            if not (
                is_joiner and is_value and (after.text in _FOLLOWS_VALUE or after.kind == "end")
            ):
                return tuple(values)
            self.position += skip
            values.append(self.value())

    def value(self) -> Value:
        token = self.take()
        if token.kind == "keyword" and token.text in ("true", "false"):
            return Value("boolean", token.text)
        if token.kind == "ident":
            return Value("word", token.text)
        if token.kind == "string":
            return Value("word", token.text[1:-1])
        if token.kind in ("number", "month", "date"):
            return Value(token.kind, token.text)
        raise ConditionError(f"expected a value, found {_describe(token)}", token.column)


def _describe(token: Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"'{token.text}'"


def parse(source: str) -> Condition:
    """Parse condition text into a Condition; syntax errors raise ConditionError."""
    if not isinstance(source, str):
        raise ConditionError("a condition must be text")
    return Condition(source=" ".join(source.split()), expr=_Parser(source).parse())


# --- types ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactType:
    """What kind of value an identifier holds, and (for choices) which values it can take."""

    kind: Kind
    values: tuple[str, ...] = ()
    derived: bool = False


def _literal_fits(kind: Kind, value: Value) -> bool:
    if kind in ("choice", "multichoice"):
        return value.kind == "word"
    if kind == "boolean":
        return value.kind == "boolean"
    if kind == "number":
        return value.kind == "number"
    return value.kind in ("month", "date")


_KIND_WORDS = {
    "choice": "one of its options",
    "multichoice": "its options",
    "boolean": "true or false",
    "number": "a number",
    "month": "a month (YYYY-MM) or a date",
    "date": "a date (YYYY-MM-DD) or a month",
    "text": "nothing: free text cannot be compared",
}


def type_check(
    condition: Condition, types: Mapping[str, FactType], groups: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """Return every problem with the condition against the questions' types (empty when sound)."""
    problems: list[str] = []
    for atom in atoms(condition.expr):
        fact = types.get(atom.ident)
        if fact is None:
            problems.append(f"'{atom.ident}' is not a question id or derived value")
            continue
        if isinstance(atom, Answered):
            continue
        problems.extend(_check_atom(atom, fact, groups))
    return problems


def _check_atom(atom: Atom, fact: FactType, groups: Mapping[str, tuple[str, ...]]) -> list[str]:
    name, kind = atom.ident, fact.kind
    if kind == "text":
        return [f"'{name}' is free text and cannot be compared"]
    if isinstance(atom, (Includes, HasOther)):
        if kind != "multichoice":
            verb = "includes" if isinstance(atom, Includes) else "has any value other than"
            return [f"'{verb}' needs a checkbox question, but '{name}' is {kind}; use 'is' or 'in'"]
        values = atom.values if isinstance(atom, Includes) else (atom.value,)
        return _offered(name, fact, values)
    if isinstance(atom, Membership):
        if kind == "multichoice":
            return [f"'{name}' is a checkbox question: use 'includes', not 'is' or 'in'"]
        if atom.group is not None:
            if atom.group not in groups:
                return [f"'{atom.group}' is not a group of values"]
            values = tuple(Value("word", v) for v in groups[atom.group])
            if kind != "choice":
                return [f"'{name}' is {kind}, so it cannot be in the group '{atom.group}'"]
            return _offered(name, fact, values, group=atom.group)
        return _typed(name, fact, atom.values) or _offered(name, fact, atom.values)
    # Compare
    if kind in ("choice", "boolean") and atom.op not in ("==", "!="):
        return [f"'{name}' is {kind}: it cannot be compared with '{atom.op}'"]
    return _typed(name, fact, (atom.value,)) or _offered(name, fact, (atom.value,))


def _typed(name: str, fact: FactType, values: tuple[Value, ...]) -> list[str]:
    for value in values:
        if not _literal_fits(fact.kind, value):
            return [
                f"'{name}' is {fact.kind}, so compare it with {_KIND_WORDS[fact.kind]}, not '{value.raw}'"
            ]
    return []


def _offered(
    name: str, fact: FactType, values: tuple[Value, ...], group: str | None = None
) -> list[str]:
    if fact.kind not in ("choice", "multichoice"):
        return _typed(name, fact, values)
    problems = []
    for value in values:
        if value.kind != "word":
            problems.append(f"'{name}' takes option values, not '{value.raw}'")
        elif value.raw not in fact.values:
            where = f" (in group '{group}')" if group else ""
            problems.append(f"'{name}' does not offer the value '{value.raw}'{where}")
    return problems


# --- evaluation ----------------------------------------------------------------------------------


def _comparable(value: FactValue) -> FactValue:
    """Answers arrive as JSON-style values; months and dates become dates, ints become floats."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if (
        isinstance(value, str)
        and len(value) in (7, 10)
        and value[4:5] == "-"
        and value[:4].isdigit()
    ):
        try:
            return date.fromisoformat(value if len(value) == 10 else value + "-01")
        except ValueError:
            return value
    return value


def bind_groups(condition: Condition, groups: Mapping[str, tuple[str, ...]]) -> Condition:
    """Expand every `in group` into the group's values (after type_check has found them sound)."""

    def bind(expr: Expr) -> Expr:
        if isinstance(expr, Membership) and expr.group is not None:
            values = tuple(Value("word", v) for v in groups.get(expr.group, ()))
            return Membership(expr.ident, values, expr.negated, expr.column, expr.group)
        if isinstance(expr, Not):
            return Not(bind(expr.item))
        if isinstance(expr, And):
            return And(tuple(bind(item) for item in expr.items))
        if isinstance(expr, Or):
            return Or(tuple(bind(item) for item in expr.items))
        return expr

    return Condition(condition.source, bind(condition.expr))


def evaluate(expr: Expr, facts: Mapping[str, FactValue]) -> bool:
    """Evaluate an expression against the facts known so far."""
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, And):
        return all(evaluate(item, facts) for item in expr.items)
    if isinstance(expr, Or):
        return any(evaluate(item, facts) for item in expr.items)
    if isinstance(expr, Not):
        return not evaluate(expr.item, facts)
    value = facts.get(expr.ident)
    if isinstance(expr, Answered):
        return value is not None
    if value is None:
        return False
    if isinstance(expr, Includes):
        chosen = value if isinstance(value, (list, tuple, frozenset, set)) else ()
        return any(v.raw in chosen for v in expr.values)
    if isinstance(expr, HasOther):
        chosen = value if isinstance(value, (list, tuple, frozenset, set)) else ()
        return any(item != expr.value.raw for item in chosen)
    actual = _comparable(value)
    if isinstance(expr, Membership):
        members = tuple(v.python() for v in expr.values)
        return (actual in members) != expr.negated
    expected = expr.value.python()
    try:
        if expr.op == "==":
            return actual == expected
        if expr.op == "!=":
            return actual != expected
        if expr.op == "<":
            return actual < expected  # type: ignore[operator]
        if expr.op == "<=":
            return actual <= expected  # type: ignore[operator]
        if expr.op == ">":
            return actual > expected  # type: ignore[operator]
        return actual >= expected  # type: ignore[operator]
    except TypeError:
        return False  # a value of the wrong type (caught by the type check) never matches
