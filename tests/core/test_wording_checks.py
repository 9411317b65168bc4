"""The words families read: short sentences, explained acronyms and a young person spoken to as "you".

Each check has a small content folder that passes and one broken copy that fails with the exact
file, line and question or action id; the last test runs the checks on the shipped content.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.support.graphs import line_of, write_content
from wizard import PROJECT_ROOT
from wizard.core.actions import load_actions
from wizard.core.glossary import read_glossary
from wizard.core.loader import load_graph
from wizard.core.locality import content_terms, load_locality
from wizard.core.notices import NOTICES_FILE, load_notices
from wizard.core.wording_checks import (
    check_acronyms,
    check_sentence_length,
    check_wording,
    check_young_person_voice,
    count_words,
    expands,
    sentences,
    wordings,
)
from wizard.core.yamlsource import ContentProblems

NODES = "nodes/01-questions.yaml"
ACTIONS = "actions/01-advice.yaml"
GLOSSARY = "glossary.yaml"

#: A small content folder that passes every wording check.
CONTENT = {
    "graph.yaml": """\
        start: respondent
        voices:
          - when: respondent is young_person
            terms: {child: you, child_is: you are, child_has: you have, their: your}
          - when: respondent is professional
            terms:
              child: the child or young person
              child_is: the child or young person is
              child_has: the child or young person has
              their: their
          - terms: {child: your child, child_is: your child is, child_has: your child has, their: their}
        """,
    NODES: """\
        nodes:
          - id: respondent
            type: radios
            title: Who is answering?
            options:
              - {value: parent_carer, label: I am the child's parent or carer}
              - {value: young_person, label: I am the young person}
              - {value: professional, label: I am a professional}
            errors: {required: Select who is answering}
            routes:
              - when: respondent is parent_carer
                to: parent_only
            next: support
          - id: parent_only
            type: info
            title: For parents
            body:
              - This page is only for parents, so it can talk about your child.
            next: support
          - id: support
            type: radios
            title: What support does {child} get?
            hint:
              - when: respondent is young_person
                text: Tell us about the help you get now.
              - text: Tell us about the help your child gets now.
            details:
              title: What this support is
              body:
                - Special educational needs (SEN) support is extra help, e.g. from a teacher.
            options:
              - {value: sen_support, label: SEN support}
              - {value: none, label: None of these}
            errors:
              required: Select the support {child_has} now
            next: done
          - id: done
            type: end
            title: Finished
        """,
    "actions/00-categories.yaml": """\
        categories:
          - {id: advice, title: Advice}
        """,
    ACTIONS: """\
        actions:
          - id: get-advice
            domain: advice
            title: Get free advice from {sendiass}
            summary: The SENCO (special educational needs coordinator) and {sendiass} can both help.
            applies_when: always
            why:
              - You told us you would like advice about {their} needs.
            steps:
              - Call {sendiass} at https://sendiass.example/SEND-advice and say what help {child} would like.
              - Ask the GP or the NHS for any reports, and ask the SENCO again later.
              - If {child_has} a plan, the travel limit is 2.5 miles under s.19 of the Act.
              - when: respondent is parent_carer
                text: Tell them what your child finds hard.
            legal_basis: []
            categories: [advice]
            content_checked: 2026-11-30
        """,
    GLOSSARY: """\
        glossary:
          - term: EHC plan
            appears_as: [EHC plan]
            meaning: An Education, Health and Care plan from the council.
        known_acronyms: [NHS, GP]
        """,
}


def changed(old: str, new: str, file: str) -> dict[str, str]:
    """CONTENT with one piece of text replaced (the old text must be there: a test cannot miss)."""
    text = textwrap.dedent(CONTENT[file])
    assert old in text, f"{old!r} is not in {file}"
    return {**CONTENT, file: text.replace(old, new, 1)}


def found(tmp_path, files=CONTENT):
    root = write_content(tmp_path / "questions", files)
    graph = load_graph(root, constants={"sendiass": "Demo Borough SENDIASS"})
    actions = load_actions(root, graph)
    glossary = read_glossary(root / "glossary.yaml")
    return graph, glossary, wordings(graph, actions, glossary)


def described(problems) -> list[str]:
    return [problem.describe() for problem in problems]


def at(files, file: str, fragment: str, owner: str, message: str) -> str:
    return f"{file}:{line_of(files, file, fragment)}: [{owner}] {message}"


def test_the_fixture_passes_every_wording_check(tmp_path):
    root = write_content(tmp_path / "questions", CONTENT)
    graph = load_graph(root, constants={"sendiass": "Demo Borough SENDIASS"})
    actions = load_actions(root, graph)
    assert described(check_wording(graph, actions, read_glossary(root / "glossary.yaml"))) == []


# --- sentence length -------------------------------------------------------------------------------


def test_sentences_split_at_full_stops_but_not_at_abbreviations_or_decimals():
    assert sentences("Ask, e.g. a teacher. It is 2.5 miles under s.19! Why? Yes") == [
        "Ask, e.g. a teacher.",
        "It is 2.5 miles under s.19!",
        "Why?",
        "Yes",
    ]
    assert sentences("Bring reports, letters etc. to the meeting. Then wait.") == [
        "Bring reports, letters etc. to the meeting.",
        "Then wait.",
    ]
    assert sentences('Say "no." Then stop.') == ['Say "no."', "Then stop."]
    assert sentences("Ask. e.g. a teacher.") == ["Ask.", "e.g. a teacher."]
    assert count_words("Go to A&E \u2013 now") == 4


def test_a_long_sentence_counts_each_term_in_its_longest_voice(tmp_path):
    # 22 words as written, but for a professional {child} is "the child or young person" and
    # {child_has} "the child or young person has": 13 words more.
    step = (
        "Ask the school what help {child_has} now, what help {child} will want next and who at "
        "the school can help {child} most."
    )
    files = changed("Call {sendiass} at", f"{step} Call {{sendiass}} at", ACTIONS)
    graph, _glossary, texts = found(tmp_path, files)
    assert count_words(step) == 22
    assert described(check_sentence_length(graph, texts)) == [
        at(
            files,
            ACTIONS,
            "Ask the school",
            "get-advice",
            "this sentence has 35 words (at most 25, counting each {term} in its longest voice); "
            'split it or cut words: "Ask the school what help {child_has} now, what ..."',
        )
    ]


def test_a_long_question_hint_is_reported_at_its_line(tmp_path):
    long_hint = " ".join(["word"] * 26) + "."
    files = changed(
        "text: Tell us about the help your child gets now.", f"text: {long_hint}", NODES
    )
    graph, _glossary, texts = found(tmp_path, files)
    assert described(check_sentence_length(graph, texts)) == [
        at(
            files,
            NODES,
            "word word",
            "support",
            "this sentence has 26 words (at most 25, counting each {term} in its longest voice); "
            'split it or cut words: "word word word word word word word word ..."',
        )
    ]


def test_a_long_glossary_meaning_is_reported_with_its_term(tmp_path):
    files = changed(
        "meaning: An Education, Health and Care plan from the council.",
        "meaning: " + " ".join(["plan"] * 30) + ".",
        GLOSSARY,
    )
    graph, _glossary, texts = found(tmp_path, files)
    [problem] = check_sentence_length(graph, texts)
    assert (problem.file, problem.line, problem.node_id) == (
        "glossary.yaml",
        line_of(files, GLOSSARY, "meaning:"),
        "EHC plan",
    )
    assert problem.message.startswith("this sentence has 30 words")


# --- acronyms --------------------------------------------------------------------------------------


def test_an_acronym_explained_in_either_order_or_in_the_glossary_passes(tmp_path):
    _graph, glossary, texts = found(tmp_path)
    # SEN is spelt out before it (details), SENCO after it (summary), EHC has a glossary entry, GP
    # and NHS are known; {sendiass} and the web address are not read for acronyms.
    assert described(check_acronyms(texts, glossary)) == []


def test_an_unexplained_acronym_is_reported_where_it_is_first_used(tmp_path):
    files = changed(
        "Ask the GP or the NHS for any reports",
        "Ask CAMHS for any reports, then ask CAMHS again",
        ACTIONS,
    )
    _graph, glossary, texts = found(tmp_path, files)
    assert described(check_acronyms(texts, glossary)) == [
        at(
            files,
            ACTIONS,
            "Ask CAMHS",
            "get-advice",
            "'CAMHS' is not explained: spell it out where it is first used, as in "
            '"words in full (CAMHS)", or give it a glossary entry in glossary.yaml',
        )
    ]


def test_an_acronym_must_be_explained_at_its_first_use_on_the_page(tmp_path):
    # The details body is the first text on the page to use SEN (the option label comes after it).
    files = changed(
        "Special educational needs (SEN) support is extra help, e.g. from a teacher.",
        "SEN support is extra help. Special educational needs (SEN) support is from a teacher.",
        NODES,
    )
    _graph, glossary, texts = found(tmp_path, files)
    assert described(check_acronyms(texts, glossary)) == [
        at(
            files,
            NODES,
            "- SEN support is extra help.",
            "support",
            "'SEN' is not explained: spell it out where it is first used, as in "
            '"words in full (SEN)", or give it a glossary entry in glossary.yaml',
        )
    ]


def test_a_bracket_that_does_not_spell_the_acronym_out_is_no_explanation():
    assert expands("SENCO", "special educational needs coordinator")
    assert expands("CAMHS", "children and young people's mental health services")
    assert expands("EHC", "Education, Health and Care")
    assert not expands("ADHD", "or autism")


def test_known_acronyms_are_checked_against_the_schema(tmp_path):
    files = changed("known_acronyms: [NHS, GP]", "known_acronyms: [NHS, gp]", GLOSSARY)
    root = write_content(tmp_path / "questions", files)
    with pytest.raises(ContentProblems) as caught:
        read_glossary(root / "glossary.yaml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("glossary.yaml", line_of(files, GLOSSARY, "known_"))


# --- a young person's voice ------------------------------------------------------------------------


def test_text_a_young_person_never_reads_may_talk_about_your_child(tmp_path):
    # parent_only is reached only by parents; the hint's last wording is hidden behind the young
    # person's; the step is shown only to parents; the respondent question is read before anyone
    # has said who they are.
    graph, _glossary, texts = found(tmp_path)
    assert described(check_young_person_voice(graph, texts)) == []


def test_third_person_words_a_young_person_would_read(tmp_path):
    files = changed(
        "      - when: respondent is parent_carer\n        text: Tell them what your child finds hard.",
        "      - when: respondent is not parent_carer\n        text: Tell them what the young person finds hard.",
        ACTIONS,
    )
    graph, _glossary, texts = found(tmp_path, files)
    assert described(check_young_person_voice(graph, texts)) == [
        at(
            files,
            ACTIONS,
            "what the young person finds hard",
            "get-advice",
            'a young person reading for themselves sees "the young person" here: write {child} '
            "(or {their}, {child_s}) for them, or add a wording for a young person "
            "(`when: respondent is young_person`)",
        )
    ]


def test_a_term_that_becomes_you_before_is_or_has(tmp_path):
    files = changed(
        "Select the support {child_has} now", "Select the support {child} has now", NODES
    )
    graph, _glossary, texts = found(tmp_path, files)
    assert described(check_young_person_voice(graph, texts)) == [
        at(
            files,
            NODES,
            "Select the support {child} has now",
            "support",
            'a young person reading for themselves sees "you has" here: write {child_is}, '
            "{child_has}, {child_does} or {child_s} instead of {child} followed by is, has, does "
            "or 's, or add a wording for a young person",
        )
    ]


@pytest.mark.parametrize("verb", ["uses", "turns", "waits"])
def test_any_verb_written_for_your_child_after_you_is_reported(tmp_path, verb):
    files = changed(
        "Select the support {child_has} now", f"Select the support {{child}} {verb} now", NODES
    )
    graph, _glossary, texts = found(tmp_path, files)
    [problem] = described(check_young_person_voice(graph, texts))
    assert f'sees "you {verb}" here' in problem


def test_a_glossary_meaning_is_read_by_young_people_too(tmp_path):
    files = changed("plan from the council.", "plan for the child.", GLOSSARY)
    graph, _glossary, texts = found(tmp_path, files)
    assert described(check_young_person_voice(graph, texts)) == [
        at(
            files,
            GLOSSARY,
            "meaning:",
            "EHC plan",
            'a young person reading for themselves sees "the child" here: write it to fit any '
            'reader ("a child or young person")',
        )
    ]


# --- the shipped content ---------------------------------------------------------------------------


def test_the_shipped_content_passes_the_wording_checks():
    questions = PROJECT_ROOT / "questions"
    locality = load_locality(questions / "locality.yaml")
    graph = load_graph(questions, constants=content_terms(locality))
    actions = load_actions(questions, graph)
    glossary = read_glossary(questions / "glossary.yaml")
    notices = load_notices(questions / NOTICES_FILE, graph)
    assert described(check_wording(graph, actions, glossary, notices)) == []


def test_a_plan_a_keyworker_makes_for_a_young_person_speaks_to_them(tmp_path):
    files = changed(
        "  - when: respondent is professional\n",
        "  - when: plan_reader is young_person\n"
        "    for: [plan]\n"
        "    terms: {child: you, child_is: you are, child_has: you have, their: your}\n"
        "  - when: respondent is professional\n"
        "    for: [questions]\n",
        "graph.yaml",
    )
    files[NODES] = (
        textwrap.dedent(files[NODES])
        .replace(
            "              - when: respondent is parent_carer\n                to: parent_only\n",
            "              - when: respondent is parent_carer\n                to: parent_only\n"
            "              - when: respondent is professional\n                to: plan_reader\n",
        )
        .replace(
            "  - id: support\n",
            "  - id: plan_reader\n"
            "    type: radios\n"
            "    title: Who will read the plan?\n"
            "    options:\n"
            "      - {value: parent_carer, label: The parent or carer}\n"
            "      - {value: young_person, label: The young person}\n"
            "    errors: {required: Select who will read the plan}\n"
            "    next: support\n"
            "  - id: support\n",
        )
    )
    files[ACTIONS] = textwrap.dedent(files[ACTIONS]).replace(
        "      - when: respondent is parent_carer\n        text: Tell them what your child finds hard.",
        "      - when: respondent is professional\n        text: Ask the young person what helps.",
    )
    graph, _glossary, texts = found(tmp_path, files)
    assert described(check_young_person_voice(graph, texts)) == [
        at(
            files,
            ACTIONS,
            "Ask the young person what helps.",
            "get-advice",
            'a young person reading for themselves sees "the young person" here: write {child} '
            "(or {their}, {child_s}) for them, or add a wording for a young person "
            "(`when: respondent is young_person`)",
        )
    ]
