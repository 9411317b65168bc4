"""POST /api/v1/pathway: answers in, plan out. Nothing sent to it is stored or logged."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, request

from wizard.core.api_request import RequestError, check_answers, parse_body
from wizard.core.pathway import build_pathway
from wizard.web.clock import today
from wizard.web.directory import find_services

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    """JSON with keys in the order the spec shows them (the CLI prints the same text)."""
    return Response(
        json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json"
    )


def pathway_payload(raw: bytes | str) -> dict[str, Any]:
    """Parse a request body and build its plan: the one computation behind the API and the CLI."""
    content = current_app.extensions["content"]
    answers, as_of = parse_body(raw)
    day = as_of or today()
    checked = check_answers(content.graph, answers, day)
    return build_pathway(content, checked, day, services=find_services).to_api()


@blueprint.post("/pathway")
def pathway() -> Response:
    """Build a plan from the posted answers (see questions/spec/pathway-api.md)."""
    try:
        return json_response(pathway_payload(request.get_data(cache=False)))
    except RequestError as error:
        return json_response(error.body(), error.status)
