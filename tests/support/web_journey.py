"""Drive the web journey with the Flask test client, page by page, as a family would."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from flask.testing import FlaskClient

from tests.support.content import real_content
from tests.support.pages import csrf_token, parse
from wizard.core.answers import to_form


@dataclass
class Visit:
    """The pages a journey went through, in order."""

    pages: list[str] = field(default_factory=list)


def path_of(location: str) -> str:
    return urlparse(location).path


def form_for(node_id: str, value: Any) -> dict[str, Any]:
    """The form fields that give `value` as the answer to `node_id`."""
    node = real_content().graph.nodes[node_id]
    return dict(to_form(node, value))


def answer_page(client: FlaskClient, node_id: str, value: Any) -> Any:
    """GET a question page and POST the answer (or skip it when `value` is None)."""
    page = client.get(f"/questions/{node_id}")
    assert page.status_code == 200, (node_id, page.status_code)
    version = parse(page).select_one("input[name=answer_version]")["value"]
    data: dict[str, Any] = {"csrf_token": csrf_token(page), "answer_version": version}
    node = real_content().graph.nodes[node_id]
    if value is None and (node.optional or node.type == "info"):
        if node.optional:
            data["action"] = "skip"
    else:
        data.update(form_for(node_id, value))
    return client.post(f"/questions/{node_id}", data=data)


def complete_journey(client: FlaskClient, answers: Mapping[str, Any], finish: bool = True) -> Visit:
    """Answer every page from `answers` (skipping optional questions not in it) up to the plan."""
    visit = Visit()
    location = path_of(client.get("/questions/").headers["Location"])
    for _ in range(100):
        if location.endswith("/check-your-answers"):
            break
        node_id = location.rsplit("/", 1)[-1]
        visit.pages.append(node_id)
        response = answer_page(client, node_id, answers.get(node_id))
        assert response.status_code == 302, (
            node_id,
            parse(response).select_one(".govuk-error-summary"),
        )
        location = path_of(response.headers["Location"])
    else:
        raise AssertionError("the journey did not reach check your answers")
    visit.pages.append("check-your-answers")
    if finish:
        page = client.get("/questions/check-your-answers")
        response = client.post(
            "/questions/check-your-answers", data={"csrf_token": csrf_token(page)}
        )
        assert path_of(response.headers["Location"]) == "/plan/"
    return visit


def seed(client: FlaskClient, answers: Mapping[str, Any], upto: str | None = None) -> str:
    """Save answers straight to the database (fast) as if the family had answered up to `upto`.

    Returns the private token; the client's session now holds it.
    """
    token = seed_assessment(client.application, answers, upto)
    with client.session_transaction() as browser:
        browser["token"] = token
    return token


def seed_assessment(app: Any, answers: Mapping[str, Any], upto: str | None = None) -> str:
    """Save answers up to `upto` in a new assessment; return its private token."""
    from wizard.core.engine import resolve
    from wizard.storage import assessments
    from wizard.web.context import today

    content = app.extensions["content"]
    graph = content.graph
    skippable = {
        node_id for node_id, node in graph.nodes.items() if node.optional or node.type == "info"
    }
    with app.app_context():  # the app's own clock, so FIXED_NOW is read as the app reads it
        as_of = today()
    progress = resolve(graph, answers, as_of, passed=skippable - set(answers))
    path = list(progress.path)
    if upto is not None:
        assert upto in path, f"{upto} is not on the path of these answers"
        path = path[: path.index(upto)]
    sealer = app.extensions["sealer"]
    with app.extensions["db_sessionmaker"]() as session:
        _created, token = assessments.create(session, content.version, list(graph.nodes), sealer)
        session.commit()
        record = assessments.find_by_token(session, token, sealer)
        answers_so_far = {k: v for k, v in progress.answers.items() if k in path}
        assessments.update(
            session,
            record,
            sealer,
            answers=answers_so_far,
            answer_versions=dict.fromkeys(answers_so_far, 1),
            passed=sorted(path),
        )
    return token
