"""POST /api/v1/pathway: answers in, plan out. Nothing sent to it is stored or logged."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request

from wizard.core.api_request import RequestError, pathway_payload
from wizard.web.context import content, find_services, today

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    """JSON with keys in the order the spec shows them."""
    return Response(
        json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json"
    )


@blueprint.post("/pathway")
def pathway() -> Response:
    """Build a plan from the posted answers (see questions/spec/pathway-api.md)."""
    try:
        raw = request.get_data(cache=False)
        return json_response(pathway_payload(content(), raw, today(), find_services))
    except RequestError as error:
        return json_response(error.body(), error.status)
