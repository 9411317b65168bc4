"""Directory test helpers: load the demo feed, name demo services, serve fake ORUK APIs."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flask import Flask

from wizard import PROJECT_ROOT
from wizard.directory.demo import demo_id
from wizard.directory.feeds import Limits
from wizard.directory.importer import ImportSummary, run_import

DEMO_FEED = PROJECT_ROOT / "questions" / "directory" / "demo-feed.json"
ORUK_SPEC = PROJECT_ROOT / "questions" / "spec" / "oruk"
#: Quick limits for imports from the fake servers: no real waiting between retries.
QUICK = Limits(timeout=0.5, retries=1, backoff=0.0, page_limit=20, max_bytes=200_000, per_page=3)


def import_into(app: Flask, source: str, **options: Any) -> ImportSummary:
    """Run an import into the app's database with the app's mapping."""
    return run_import(
        app.extensions["db_sessionmaker"], source, app.extensions["directory_mapping"], **options
    )


def load_demo(app: Flask) -> ImportSummary:
    """Import the demo directory the way `make run` does."""
    return import_into(app, str(DEMO_FEED), source_name="demo-feed.json", full_sync=True)


def demo_service(key: str) -> str:
    """The id of a demo service, from its key in questions/directory/demo-services.yaml."""
    return demo_id("service", key)


def demo_feed() -> dict[str, Any]:
    """The demo feed as data."""
    loaded: dict[str, Any] = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    return loaded


@dataclass
class Route:
    """What the fake server answers for one path (with query)."""

    body: Any = None
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None


@dataclass
class FakeApi:
    """A fake ORUK API: routes by path, and a log of every path asked for."""

    routes: dict[str, Route]
    hits: list[str] = field(default_factory=list)
    url: str = ""


@contextmanager
def serve_api(routes: dict[str, Route]) -> Iterator[FakeApi]:
    """Serve `routes` on 127.0.0.1 from a thread; unknown paths answer 404."""
    api = FakeApi(routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            api.hits.append(self.path)
            route = api.routes.get(self.path, Route(status=404, body={"error": "not found"}))
            if route.delay:
                time.sleep(route.delay)
            body = route.raw if route.raw is not None else json.dumps(route.body).encode()
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting, as a time-out test intends

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield api
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def pages_of(
    items: list[dict[str, Any]],
    size: int,
    shape: Callable[[list[dict[str, Any]], int, int, int], Any],
) -> list[Any]:
    """Split items into pages shaped by `shape(contents, page, total_pages, total_items)`."""
    chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
    return [shape(chunk, n + 1, len(chunks), len(items)) for n, chunk in enumerate(chunks)]


def v3_page(contents: list[dict[str, Any]], page: int, pages: int, total: int) -> dict[str, Any]:
    """An ORUK 3.0 page."""
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page == pages,
        "empty": not contents,
        "contents": contents,
    }


def v1_page(contents: list[dict[str, Any]], page: int, pages: int, total: int) -> dict[str, Any]:
    """An ORUK 1.0 page."""
    return {
        "totalElements": total,
        "totalPages": pages,
        "number": page,
        "size": len(contents),
        "first": page == 1,
        "last": page == pages,
        "content": contents,
    }
