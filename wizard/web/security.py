"""Per-request security: a request id, a CSP nonce, and the security headers on every response."""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid

from flask import Flask, Response, current_app, g, request
from werkzeug.sansio.utils import host_is_trusted

from wizard.web.errors import UnknownHost

log = logging.getLogger("wizard.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

#: Paths that serve files which never hold personal data, so browsers may cache them.
CACHEABLE_PREFIXES = ("/assets/", "/static/")


def content_security_policy(nonce: str) -> str:
    """Return the CSP: only our own files, plus inline scripts that carry this response's nonce."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def _start_request() -> None:
    supplied = request.headers.get("X-Request-Id", "")
    g.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex
    g.csp_nonce = secrets.token_urlsafe(16)
    g.request_started = time.perf_counter()


#: The same on every response. Only this hook sets them, so they are added without a search for an
#: earlier value, which `set` makes on every call.
_FIXED_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    # Addresses go to our own pages only, never to other sites (private links stay here), and
    # Flask-WTF's HTTPS check needs the Referer on every form sent (ADR 0016).
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


def _finish_response(response: Response) -> Response:
    headers = response.headers
    headers["X-Request-Id"] = g.get("request_id", "-")
    headers.setdefault("Content-Security-Policy", content_security_policy(g.get("csp_nonce", "")))
    headers.extend(_FIXED_HEADERS)
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    static_file = request.path.startswith(CACHEABLE_PREFIXES) and response.status_code in (200, 304)
    if not static_file:  # static files keep send_file's "public, max-age" caching
        # Pages can hold answers; no page is kept by the browser or a shared cache.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    # The endpoint name, never the path: paths can carry private tokens.
    log.info(
        "request method=%s endpoint=%s status=%s ms=%.1f",
        request.method,
        request.endpoint or "-",
        response.status_code,
        elapsed_ms,
    )
    return response


def _refuse_other_hosts() -> None:
    """Answer only on the service's own host names, so every link it builds names one of them.

    The health check answers any host: load balancers probe with a server's own address, and it
    builds no links.
    """
    if request.endpoint == "health.healthz":
        return
    allowed = current_app.config["ALLOWED_HOST_NAMES"]
    if not host_is_trusted(request.host.lower(), allowed):
        log.warning("request refused: not for one of the allowed host names")
        raise UnknownHost()


def init_app(app: Flask) -> None:
    """Register the request hooks and make the nonce available to templates."""
    app.before_request(_start_request)
    app.before_request(_refuse_other_hosts)
    app.after_request(_finish_response)
    app.jinja_env.globals["csp_nonce"] = lambda: g.get("csp_nonce", "")
