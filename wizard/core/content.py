"""Everything in questions/, loaded and checked together: the council profile, the graph, the spec."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wizard.core.actions import ActionSet, check_catalogue, load_actions
from wizard.core.content_checks import check_graph
from wizard.core.dictionary import DICTIONARY_FILE, Dictionary, load_dictionary
from wizard.core.glossary import GlossaryEntry, read_glossary
from wizard.core.graph import Graph
from wizard.core.loader import content_version, graph_files, load_graph
from wizard.core.locality import Locality, content_terms, load_locality
from wizard.core.notices import NOTICES_FILE, NoticeContent, load_notices
from wizard.core.wording_checks import check_wording
from wizard.core.yamlsource import ContentError, ContentProblems


@dataclass(frozen=True)
class Content:
    """The checked content the app runs on, and its version (a hash of every content file)."""

    graph: Graph
    actions: ActionSet
    glossary: tuple[GlossaryEntry, ...]
    locality: Locality
    dictionary: Dictionary
    version: str
    notices: tuple[NoticeContent, ...] = ()


def content_files(questions_dir: Path, locality_file: Path) -> list[Path]:
    """Every file whose change changes what a family is asked or told."""
    glossary = questions_dir / "glossary.yaml"
    notices = questions_dir / NOTICES_FILE
    return [
        *graph_files(questions_dir),
        locality_file,
        *sorted((questions_dir / "actions").glob("*.yaml")),
        *([glossary] if glossary.exists() else []),
        *([notices] if notices.exists() else []),
    ]


def load_content(questions_dir: Path, locality_file: Path, samples: int = 400) -> Content:
    """Load the profile and the graph and run every check; raise ContentProblems listing them all."""
    try:
        locality = load_locality(locality_file)
    except ContentProblems as error:
        # Reported as one more mistake in the question content, under that heading.
        raise ContentProblems(error.problems) from error
    try:
        dictionary = load_dictionary(_spec_file(questions_dir, DICTIONARY_FILE.name))
    except ContentError as error:
        raise ContentProblems([error]) from error
    version = content_version(
        content_files(questions_dir, locality_file), _common_root(questions_dir, locality_file)
    )
    graph = load_graph(questions_dir, version=version, constants=content_terms(locality))
    problems = check_graph(graph, dictionary, samples=samples)
    if problems:
        raise ContentProblems(problems)
    actions = load_actions(questions_dir, graph)
    glossary = read_glossary(questions_dir / "glossary.yaml")
    notices = load_notices(questions_dir / NOTICES_FILE, graph)
    problems = check_catalogue(
        actions,
        graph,
        dictionary,
        samples=samples,
        path=_spec_file(questions_dir, "action-catalogue.yaml"),
    )
    # The words families read: short sentences, explained acronyms, a young person's "you".
    problems += check_wording(graph, actions, glossary, notices)
    if problems:
        raise ContentProblems(problems)
    return Content(
        graph=graph,
        actions=actions,
        glossary=glossary.entries,
        locality=locality,
        dictionary=dictionary,
        version=version,
        notices=notices,
    )


def _spec_file(questions_dir: Path, name: str) -> Path:
    """The spec copy in this content folder, else the shipped one."""
    local = questions_dir / "spec" / name
    return local if local.exists() else DICTIONARY_FILE.parent / name


def _common_root(questions_dir: Path, locality_file: Path) -> Path:
    """The folder both paths sit under, so hashes do not depend on where the checkout lives."""
    root = questions_dir.resolve()
    target = locality_file.resolve()
    while root != root.parent and root not in target.parents:
        root = root.parent
    return root
