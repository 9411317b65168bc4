"""Checks of the words families read: short sentences, explained acronyms, a young person's voice.

Every family-facing text is collected with its file, line and owner (a question or action id, or a
glossary term), then checked three ways:

- `check_sentence_length`: no sentence over 25 words, counting each {term} as the longest words
  any voice gives it ("{child}" is "the child or young person").
- `check_acronyms`: an acronym is explained on first use on its page ("special educational needs
  (SEN)" or "SENCO (special educational needs coordinator)"), or has a glossary entry, or is one
  of the glossary's `known_acronyms`.
- `check_young_person_voice`: text a young person answering for themselves can read does not talk
  about them in the third person ("your child") or read "you is" where a term became "you".

`check_wording` runs all three; `flask questions check` and the app's start-up run it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from wizard.core.actions import ActionContent, ActionSet
from wizard.core.conditions import And, Answered, Condition, Const, Expr, FactValue, Not, Or
from wizard.core.conditions import evaluate as evaluate_expr
from wizard.core.content_ids import PLAN_READER, RESPONDENT, SCHOOL_YEAR
from wizard.core.glossary import Glossary
from wizard.core.graph import ANSWER_PLACEHOLDER, PLACEHOLDER, Graph, Node, Text
from wizard.core.notices import NoticeContent
from wizard.core.yamlsource import ContentError

#: The longest sentence families should read (GOV.UK advises 25 words at most).
MAX_SENTENCE_WORDS = 25

#: A young person reading for themselves, in answers: answering the questions themselves, or
#: reading the plan a keyworker made for them (`plan_reader`, asked of professionals). The voices in
#: graph.yaml speak to them as "you" under these conditions.
YOUNG_PERSON: Mapping[str, FactValue] = {RESPONDENT: "young_person"}
YOUNG_PLAN_READER: Mapping[str, FactValue] = {
    RESPONDENT: "professional",
    PLAN_READER: "young_person",
}

#: Words that talk about the reader in the third person, or speak to them as a parent. A young
#: person answering for themselves is "you": text they read must not call them "the child", or
#: talk to them about "your child". Longer phrases come first, so each is reported whole.
THIRD_PERSON = (
    "the child or young person",
    "the young person",
    "your child",
    "their child",
    "the child",
    "as a parent",
    "as parents",
    "parents like you",
    "parent carers like you",
    "other parents",
)
_THIRD_PERSON = re.compile(
    r"\b(" + "|".join(re.escape(phrase) for phrase in THIRD_PERSON) + r")\b", re.IGNORECASE
)

#: "you" followed by a verb written for "your child": a term that became "you" before "is", "has"
#: or "does" (write {child_is}, {child_has}, {child_does}), or before "'s" (write {child_s}).
#: Any other word ending in "s" after "you" is read as a verb for "your child" ("you turns",
#: "you uses"), apart from the few words that can follow "you" in good English.
_NOT_VERBS = (
    "always",
    "perhaps",
    "as",
    "yourselves",
    "plus",
    "thus",
    "less",
    "unless",
    "its",
    "this",
)
_BAD_GRAMMAR = re.compile(
    r"\byou (is|has|does|was|isn't|hasn't|doesn't|wasn't)\b"
    r"|\byou (?!(?:" + "|".join(_NOT_VERBS) + r")\b)[a-z]+s\b"
    r"|\byou(?:'|\u2019)s\b",
    re.IGNORECASE,
)

#: An acronym: two or more capitals (A&E counts), maybe plural ("GPs", "EHCPs").
_ACRONYM = re.compile(r"(?<![\w&])([A-Z](?:&?[A-Z])+)(?:s|'s|\u2019s)?(?![\w&])")
_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+")
_ANY_PLACEHOLDER = re.compile(r"\{=?[A-Za-z][A-Za-z0-9_]*\}")

#: Abbreviations whose full stop does not end a sentence ("e.g. a school", "s. 19").
_ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "eg.", "ie.", "approx.", "no.", "nos.", "s.", "ss.", "para.", "paras."}
    | {"reg.", "regs.", "sch.", "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "cf.", "p.", "pp."}
)
#: Abbreviations that end a sentence only when the next word starts with a capital.
_MAY_END = frozenset({"etc."})
_CLOSING = "\"'\u2019\u201d)]"
_WORD = re.compile(r"\S*?[^\W_]\S*")
#: A word ending in ".", "!" or "?" (maybe inside quotes or brackets), and the next word's first
#: character (none at the end of the text).
_SENTENCE_END = re.compile(r"(\S*[.!?][\"'\u2019\u201d)\]]*)(?=\s|$)(?=\s*(\S?))")


# --- the texts families read ---------------------------------------------------------------------


Facts = Mapping[str, FactValue]


@dataclass(frozen=True, eq=False)
class Wording:
    """One wording of one family-facing text, and where it comes from.

    `page` groups the texts shown together (a question, an action, a notice) and `slot` numbers the
    texts on it in the order they are read: an acronym is explained where it is first used on its
    page. `young_readers` are the young people reading for themselves (as answers) who can see it;
    `plan` says it speaks with the plan's voices, and `has_terms` that it can use {terms} (a
    glossary meaning cannot).
    """

    file: str
    line: int | None
    owner: str
    text: str
    page: str
    slot: int
    young_readers: tuple[Facts, ...] = ()
    plan: bool = False
    has_terms: bool = True

    def problem(self, message: str) -> ContentError:
        """A ContentError at this wording."""
        return ContentError(self.file, self.line, message, self.owner)


def may_hold(condition: Condition | None, facts: Facts) -> bool | None:
    """Whether a condition holds when only `facts` are known: True, False or None (it depends)."""
    return True if condition is None else _partial(condition.expr, facts)


def _partial(expr: Expr, facts: Facts) -> bool | None:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Not):
        inner = _partial(expr.item, facts)
        return None if inner is None else not inner
    if isinstance(expr, And | Or):
        results = [_partial(item, facts) for item in expr.items]
        decisive = isinstance(expr, Or)  # True decides an `or`, False an `and`
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if isinstance(expr, Answered) or expr.ident not in facts:
        return True if isinstance(expr, Answered) and expr.ident in facts else None
    return evaluate_expr(expr, facts)


def _variants_read(text: Text, facts: Facts) -> list[bool]:
    """For each variant, whether a reader with these answers can see it: the first that holds is
    shown, so a variant whose condition may hold is seen unless an earlier one surely holds."""
    found = []
    hidden = False
    for variant in text.variants:
        holds = may_hold(variant.when, facts)
        found.append(not hidden and holds is not False)
        hidden = hidden or holds is True
    return found


def young_readers(graph: Graph, plan: bool) -> tuple[Facts, ...]:
    """The young people reading for themselves, as the answers that say so: on the question pages
    whoever answers as a young person; in the plan also a young person a keyworker writes it for."""
    readers = [YOUNG_PERSON, *([YOUNG_PLAN_READER] if plan else [])]
    return tuple(facts for facts in readers if all(name in graph.nodes for name in facts))


def _pages_read(graph: Graph, facts: Facts) -> set[str]:
    """The nodes a reader with these answers can reach after the question that says who they are."""
    if RESPONDENT not in graph.nodes:
        return set()
    seen: set[str] = set()
    queue = deque(_targets(graph.nodes[RESPONDENT], facts))
    while queue:
        node_id = queue.popleft()
        node = graph.nodes.get(node_id)
        if node is None or node_id in seen:
            continue
        seen.add(node_id)
        queue.extend(_targets(node, facts))
    return seen


def _targets(node: Node, facts: Facts) -> list[str]:
    found = []
    for route in node.routes:
        holds = may_hold(route.when, facts)
        if holds is not False:
            found.append(route.to)
        if holds is True:
            return found
    return [*found, *([node.next] if node.next else [])]


#: A text of the plan, the condition it is shown under, and whether it is shown when that
#: condition does not hold (an eligibility's "check the rules" wording).
PlanText = tuple[Text, Condition | None, bool]


def _action_texts(action: ActionContent) -> Iterator[PlanText]:
    """An action's texts in the order the plan shows them, each with the condition it is shown under."""
    yield action.title, None, False
    yield action.summary, None, False
    for lines in (action.why, action.steps, action.expect):
        for line in lines:
            yield line.text, line.when, False
    for rule in action.deadlines:
        yield rule.label, rule.when, False
        if rule.if_passed is not None:
            yield rule.if_passed, rule.when, False
    if action.clock is not None:
        yield action.clock.starts, None, False
        yield action.clock.ask_text, None, False
        for rule in action.clock.deadlines:
            yield rule.label, rule.when, False
    if action.eligibility:
        yield action.eligibility.likely, action.eligibility.likely_when, False
        yield action.eligibility.check, action.eligibility.likely_when, True


def _plan_wordings(
    texts: Iterator[PlanText],
    shown_when: Condition | None,
    readers: tuple[Facts, ...],
    where: tuple[str, int, str, str],
) -> Iterator[Wording]:
    file, line, owner, page = where
    for slot, (text, when, otherwise) in enumerate(texts):
        seen: list[list[Facts]] = [[] for _ in text.variants]
        for facts in readers:
            holds = may_hold(when, facts)
            if may_hold(shown_when, facts) is False or holds is otherwise:
                continue  # this reader never sees the text
            for index, read in enumerate(_variants_read(text, facts)):
                if read:
                    seen[index].append(facts)
        for variant, who in zip(text.variants, seen, strict=True):
            yield Wording(
                file, variant.line or line, owner, variant.text, page, slot, tuple(who), True
            )


def wordings(
    graph: Graph,
    actions: ActionSet,
    glossary: Glossary,
    notices: Sequence[NoticeContent] = (),
) -> list[Wording]:
    """Every wording a family can read: questions, actions, notices and glossary meanings."""
    found: list[Wording] = []
    page_readers = [(facts, _pages_read(graph, facts)) for facts in young_readers(graph, False)]
    for node in graph.nodes.values():
        for slot, (text, path) in enumerate(node.texts()):
            seen: list[list[Facts]] = [[] for _ in text.variants]
            for facts, pages in page_readers:
                if node.id in pages:
                    for index, read in enumerate(_variants_read(text, facts)):
                        if read:
                            seen[index].append(facts)
            for variant, who in zip(text.variants, seen, strict=True):
                line = variant.line or node.line_of(*path)
                found.append(
                    Wording(node.file, line, node.id, variant.text, node.id, slot, tuple(who))
                )
    readers = young_readers(graph, True)
    for action in actions.actions:
        found += _plan_wordings(
            _action_texts(action),
            action.applies_when,
            readers,
            (action.file, action.line, action.id, f"action {action.id}"),
        )
    for notice in notices:
        texts: list[PlanText] = [(notice.title, None, False)]
        texts += [(paragraph, None, False) for paragraph in notice.text]
        found += _plan_wordings(
            iter(texts),
            notice.when,
            readers,
            (notice.file, notice.line, notice.id, f"notice {notice.id}"),
        )
    for entry in glossary.entries:
        # The plan's glossary is shown to whoever reads the plan, and its meanings have no {terms}.
        found.append(
            Wording(
                glossary.file,
                entry.line,
                entry.term,
                entry.meaning,
                f"glossary {entry.term}",
                0,
                readers,
                plan=True,
                has_terms=False,
            )
        )
    return found


# --- sentence length -------------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Split text at a full stop, question or exclamation mark followed by a space or the end.

    "e.g. a school", "2.5 miles" and "s.19" do not end a sentence.
    """
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ends_sentence(match.group(1), match.group(2)):
            found.append(" ".join(text[start : match.end(1)].split()))
            start = match.end(1)
    rest = " ".join(text[start:].split())
    return [*found, rest] if rest else found


def _ends_sentence(token: str, following: str) -> bool:
    bare = token.rstrip(_CLOSING)
    if bare.endswith(("?", "!")):
        return True
    if not bare.endswith("."):
        return False
    word = bare.lower()
    if word in _MAY_END:
        return not following or following[:1].isupper()
    return word not in _ABBREVIATIONS and not re.fullmatch(r"(?:[a-z]\.){2,}", word)


def count_words(text: str) -> int:
    """The words in text: anything with a letter or digit in it (a dash or "&" is not a word)."""
    return len(_WORD.findall(text))


def fill_terms(text: str, terms: Mapping[str, str]) -> str:
    """Text with each {term} in these words (an unknown term stays as it is)."""
    return PLACEHOLDER.sub(lambda m: terms.get(m.group(1), m.group(0)), text)


def longest_terms(graph: Graph) -> dict[str, str]:
    """Each {term} as the longest words any voice gives it, and the council profile's words."""
    terms = dict(graph.constants)
    for voice in (*graph.voices, *graph.for_plan().voices):
        for name, words in voice.terms.items():
            if name not in terms or count_words(words) > count_words(terms[name]):
                terms[name] = words
    return terms


def _answer_words(graph: Graph, name: str, terms: Mapping[str, str]) -> str:
    """Words as long as the longest way `{=name}` can be shown (an option label, a date)."""
    node = graph.nodes.get(name)
    if node is not None and node.options:
        labels = [
            fill_terms(variant.text, terms)
            for option in node.options
            for variant in option.label.variants
        ]
        return max(labels, key=count_words)
    if name == SCHOOL_YEAR:
        return "Year 10"
    if node is not None and node.type == "date":
        return "Wednesday 30 September 2026"
    if node is not None and node.type == "month":
        return "September 2026"
    return "10"


def check_sentence_length(
    graph: Graph, found: list[Wording], limit: int = MAX_SENTENCE_WORDS
) -> list[ContentError]:
    """No sentence is over `limit` words once each {term} is filled with its longest words."""
    terms = longest_terms(graph)
    problems = []
    for wording in found:
        for sentence in sentences(wording.text):
            filled = fill_terms(sentence, terms)
            filled = ANSWER_PLACEHOLDER.sub(
                lambda m: _answer_words(graph, m.group(1), terms), filled
            )
            words = count_words(filled)
            if words > limit:
                problems.append(
                    wording.problem(
                        f"this sentence has {words} words (at most {limit}, counting each {{term}} "
                        f'in its longest voice); split it or cut words: "{_opening(sentence)}"'
                    )
                )
    return problems


def _opening(sentence: str, words: int = 8) -> str:
    tokens = sentence.split()
    return " ".join(tokens[:words]) + (" ..." if len(tokens) > words else "")


# --- acronyms --------------------------------------------------------------------------------------


def acronyms_in(text: str) -> list[tuple[str, int, int]]:
    """Each acronym in text, as (acronym, start, end), leaving out {placeholders} and web addresses."""
    plain = _URL.sub(lambda m: " " * len(m.group(0)), text)
    plain = _ANY_PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), plain)
    return [(m.group(1), m.start(), m.end()) for m in _ACRONYM.finditer(plain)]


def expands(acronym: str, words: str) -> bool:
    """True when `words` could spell out `acronym`: its first letter starts a word and the rest
    follow in order ("special educational needs coordinator" for SENCO)."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    text = words.lower()
    for start in (m.start() for m in re.finditer(r"\b[a-z]", text)):
        if text[start] != letters[0]:
            continue
        position = start + 1
        for letter in letters[1:]:
            position = text.find(letter, position) + 1
            if position == 0:
                break
        else:
            return True
    return False


def explained_at(text: str, acronym: str, start: int, end: int) -> bool:
    """True when the acronym at text[start:end] is spelt out next to it, in either order:
    "special educational needs (SEN)" or "SENCO (special educational needs coordinator)"."""
    after = re.match(r"\s*\(([^()]+)\)", text[end:])
    if after and " " in after.group(1).strip() and expands(acronym, after.group(1)):
        return True
    if text[:start].endswith("(") and text[end:].startswith(")"):
        window = len(acronym) + 5
        before = text[: start - 1].split()[-min(window, 2 * len(acronym)) :]
        return expands(acronym, " ".join(before))
    return False


def glossary_acronyms(glossary: Glossary) -> set[str]:
    """Acronyms the glossary explains (named in an entry's term or `appears_as`) or calls known."""
    named = set(glossary.known_acronyms)
    for entry in glossary.entries:
        for words in (entry.term, *entry.appears_as):
            named.update(acronym for acronym, _start, _end in acronyms_in(words))
    return named


def check_acronyms(found: list[Wording], glossary: Glossary) -> list[ContentError]:
    """Every acronym is spelt out where it is first used on its page, or is in the glossary."""
    covered = glossary_acronyms(glossary)
    first_slot: dict[tuple[str, str], int] = {}
    for wording in found:
        for acronym, _start, _end in acronyms_in(wording.text):
            key = (wording.page, acronym)
            if acronym not in covered:
                first_slot[key] = min(first_slot.get(key, wording.slot), wording.slot)
    problems = []
    for wording in found:
        reported: set[str] = set()
        for acronym, start, end in acronyms_in(wording.text):
            if first_slot.get((wording.page, acronym)) != wording.slot or acronym in reported:
                continue
            reported.add(acronym)  # only its first use in this wording must explain it
            if not explained_at(_without_placeholders(wording.text), acronym, start, end):
                problems.append(
                    wording.problem(
                        f"'{acronym}' is not explained: spell it out where it is first used, as in "
                        f'"words in full ({acronym})", or give it a glossary entry in glossary.yaml'
                    )
                )
    return problems


def _without_placeholders(text: str) -> str:
    """The text with each {placeholder} as a neutral word of the same length (positions kept)."""
    return _ANY_PLACEHOLDER.sub(lambda m: "x" * len(m.group(0)), text)


# --- a young person's voice ------------------------------------------------------------------------


def check_young_person_voice(graph: Graph, found: list[Wording]) -> list[ContentError]:
    """Text a young person reading for themselves can see speaks to them as "you", grammatically."""
    voices = {False: graph, True: graph.for_plan()}
    cache: dict[tuple[bool, tuple[tuple[str, FactValue], ...]], Mapping[str, str]] = {}
    problems = []
    for wording in found:
        phrases: list[str] = []
        grammar: list[str] = []
        for facts in wording.young_readers:
            key = (wording.plan, tuple(facts.items()))
            if key not in cache:
                cache[key] = voices[wording.plan].terms(facts)
            terms = cache[key]
            rendered = fill_terms(wording.text, terms)
            rendered = ANSWER_PLACEHOLDER.sub("...", rendered)
            phrases += [m.group(0) for m in _THIRD_PERSON.finditer(rendered)]
            grammar += [m.group(0) for m in _BAD_GRAMMAR.finditer(rendered)]
        if phrases:
            fix = (
                "write {child} (or {their}, {child_s}) for them, or add a wording for a young "
                "person (`when: respondent is young_person`)"
                if wording.has_terms
                else 'write it to fit any reader ("a child or young person")'
            )
            problems.append(
                wording.problem(
                    f"a young person reading for themselves sees {_quoted(phrases)} here: {fix}"
                )
            )
        if grammar:
            problems.append(
                wording.problem(
                    f"a young person reading for themselves sees {_quoted(grammar)} here: write "
                    "{child_is}, {child_has}, {child_does} or {child_s} instead of {child} "
                    "followed by is, has, does or 's, or add a wording for a young person"
                )
            )
    return problems


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f'"{phrase}"' for phrase in dict.fromkeys(p.lower() for p in phrases))


# --- all of them -----------------------------------------------------------------------------------


def check_wording(
    graph: Graph,
    actions: ActionSet,
    glossary: Glossary,
    notices: Sequence[NoticeContent] = (),
) -> list[ContentError]:
    """Run every wording check on the questions, the actions, the notices and the glossary."""
    found = wordings(graph, actions, glossary, notices)
    return [
        *check_sentence_length(graph, found),
        *check_acronyms(found, glossary),
        *check_young_person_voice(graph, found),
    ]
