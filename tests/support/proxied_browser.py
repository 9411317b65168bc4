"""A test client that sends what a browser sends to the service through a TLS-terminating proxy.

The proxy talks plain HTTP to the app and adds `X-Forwarded-Proto: https` and `X-Forwarded-For`;
the browser adds a `Referer` exactly as the Referrer-Policy of the page on screen allows (the policy
comes from the app's own responses, so a policy that sends none makes forms fail here as they fail
in a real browser).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient

PUBLIC_HOST = "planner.demo.example"
BROWSER_ADDRESS = "203.0.113.7"  # TEST-NET-3: the family's address as the proxy reports it

_REDIRECTS = {301, 302, 303, 307, 308}
_ON_SCREEN = object()  # the default referrer: the page the browser shows


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def referrer_for(policy: str, page: str | None, target: str) -> str | None:
    """The Referer a browser sends from `page` to `target` under `policy` (W3C Referrer Policy)."""
    if page is None:
        return None
    same = _origin(page) == _origin(target)
    downgrade = _origin(page)[0] == "https" and _origin(target)[0] != "https"
    stripped = page.split("#", 1)[0]
    origin = "{}://{}/".format(*_origin(page))
    if policy == "no-referrer":
        return None
    if policy == "same-origin":
        return stripped if same else None
    if policy == "origin":
        return origin
    if policy == "strict-origin":
        return None if downgrade else origin
    if policy in ("", "strict-origin-when-cross-origin"):  # the browsers' default
        return stripped if same else (None if downgrade else origin)
    raise NotImplementedError(f"Referrer-Policy {policy!r} is not modelled here")


class ProxiedBrowser(FlaskClient):
    """A browser on https://planner.demo.example, reaching the app through one proxy.

    `proxy_host` is the Host header the proxy sends to the app: the public host (nginx with
    `proxy_set_header Host $host`) by default; another value (its upstream address) makes the proxy
    send the public host as `X-Forwarded-Host` instead.
    """

    def __init__(self, *args: Any, proxy_host: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proxy_host = proxy_host or PUBLIC_HOST
        self.page: str | None = None  # the https address of the page on screen
        self.policy = ""  # the Referrer-Policy that page came with
        self.referrers: list[str] = []  # every Referer sent, to prove no private token leaks

    def visit(self, path: str, **kwargs: Any) -> Any:
        """Open an address typed in, bookmarked or followed from an email: no Referer."""
        self.page = None
        return self.get(path, **kwargs)

    def open(self, *args: Any, referrer: Any = _ON_SCREEN, **kwargs: Any) -> Any:  # type: ignore[override]
        """Send the request as the browser and proxy would; `referrer` overrides the Referer."""
        path = args[0] if args else kwargs.pop("path")
        assert isinstance(path, str), "ProxiedBrowser takes a path"
        target = f"https://{PUBLIC_HOST}{path}"
        if referrer is _ON_SCREEN:
            referrer = referrer_for(self.policy, self.page, target)
        headers = dict(kwargs.pop("headers", None) or {})
        headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": BROWSER_ADDRESS})
        if self.proxy_host != PUBLIC_HOST:
            headers["X-Forwarded-Host"] = PUBLIC_HOST
        if referrer is not None:
            headers["Referer"] = referrer
            self.referrers.append(referrer)
        kwargs.setdefault("base_url", f"http://{self.proxy_host}")
        response = super().open(path, *args[1:], headers=headers, **kwargs)
        if response.status_code not in _REDIRECTS and response.mimetype == "text/html":
            # A redirect keeps the page that started the navigation; a new page replaces it.
            self.page = target
            self.policy = response.headers.get("Referrer-Policy", "")
        return response
