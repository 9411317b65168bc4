"""MAX_CONTENT_LENGTH for request bodies sent without a Content-Length (Transfer-Encoding: chunked).

Werkzeug enforces the limit on such a body by reading up to it and stopping: the view gets the
first MAX_CONTENT_LENGTH bytes as if they were the whole body (a JSON request then reads as broken
JSON, a form as a shorter answer). This middleware reads the body first, one byte past the limit:
within the limit, the app sees an ordinary body with its length; past it, the app sees a body
longer than the limit, so Werkzeug raises its 413 and the app's own error page or JSON answers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import ClientDisconnected
from werkzeug.wsgi import get_content_length

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def read_at_most(stream: Any, limit: int) -> bytes:
    """Read from `stream` until it ends or `limit` bytes have been read."""
    chunks = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class _Broken(io.RawIOBase):
    """A body that broke off while it was read: reading it raises ClientDisconnected (a 400)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise ClientDisconnected()


class ChunkedBodyLimit:
    """Give a streamed body a length, so the app's usual size check applies to it."""

    def __init__(self, app: WSGIApp, limit: Callable[[], int | None]):
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        limit = self.limit()
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        streamed = chunked and environ.get("wsgi.input_terminated")
        if limit is not None and streamed and get_content_length(environ) is None:
            try:
                body = read_at_most(environ["wsgi.input"], limit + 1)
            except (OSError, ValueError):  # never hand on half a body as if it were all of it
                environ["wsgi.input"], environ["CONTENT_LENGTH"] = _Broken(), "1"
            else:
                environ["wsgi.input"] = io.BytesIO(body)
                environ["CONTENT_LENGTH"] = str(len(body))  # limit + 1 when the body is over it
            environ.pop("wsgi.input_terminated", None)
            # Werkzeug ignores Content-Length beside "chunked": the body is no longer chunked.
            environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)
