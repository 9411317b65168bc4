"""HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, locked down (security rule 4) and bounded.

- WeasyPrint runs in `renderer.py`, which only the renderer process imports (it is 40 MB the app
  processes need not hold). Its URL fetcher serves data: URLs only: no network, no file://, no
  redirects. The templates inline their CSS, and fonts come from the system (Liberation Sans).
- Renders run in a child process of each app process, one at a time (RENDER_SLOTS), at a lower
  CPU priority and with a hard time limit (an overrunning render is killed). In a thread they held
  Python's global lock for long stretches, and question pages served by the same process waited
  behind them (p95 over 500 ms while 10 PDFs were downloaded); in a child process the pages run
  freely and the operating system gives them the CPU first.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

RENDER_SLOTS = 1
#: How much less CPU priority the renderer has than the pages (a `nice` increment).
RENDER_NICENESS = 5
#: A renderer is replaced after this many documents, so whatever WeasyPrint caches cannot grow.
RENDERS_PER_PROCESS = 200
#: How long a stopping renderer may take to exit before it is killed.
STOP_WAIT = 2.0
_slots = threading.BoundedSemaphore(RENDER_SLOTS)


class RenderBusy(RuntimeError):
    """Every render slot stayed busy for too long: ask the user to try again shortly."""


class RenderTimeout(RuntimeError):
    """The render took longer than its time limit."""


class RenderFailed(RuntimeError):
    """The renderer process stopped or reported an error before the document was made."""


def _serve(connection: Connection, level: int) -> None:
    """The renderer process: render each HTML it is sent, until the app closes the connection.

    SIGTERM keeps its default action here, so stopping the service's process group stops the
    renderer at once (a multiprocessing pool's worker could die holding its queue's lock, and the
    app process then hung at exit until it was killed).
    """
    from wizard.documents import renderer  # WeasyPrint is loaded in the renderer process only

    renderer.start(level, RENDER_NICENESS)
    while True:
        try:
            html = connection.recv()
        except EOFError:
            return
        try:
            connection.send(("pdf", renderer.render(html)))
        except Exception as error:  # reported to the app, which logs it and tells the family
            connection.send(("error", type(error).__name__))


class Renderer:
    """One renderer process and the app's end of its connection."""

    def __init__(self) -> None:
        # spawn, not fork: the app process may have threads, and a forked copy of them is unsafe.
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        level = logging.getLogger("wizard").getEffectiveLevel()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, level), name="pdf-renderer", daemon=True
        )
        self.process.start()
        child.close()
        self.renders = 0

    @property
    def pid(self) -> int | None:
        """The renderer's process id."""
        return self.process.pid

    def render(self, html: str, time_limit: float) -> bytes:
        """Send one document and wait at most `time_limit` s for it."""
        self.renders += 1
        try:
            self.connection.send(html)
            if not self.connection.poll(time_limit):
                raise RenderTimeout("the document took too long to make")
            kind, result = self.connection.recv()
        except (EOFError, OSError) as error:
            raise RenderFailed("the renderer stopped") from error
        if kind != "pdf":
            raise RenderFailed(f"the renderer reported {result}")
        pdf: bytes = result
        return pdf

    def stop(self) -> None:
        """Close the connection (the renderer then exits) and make sure the process is gone."""
        self.connection.close()
        self.process.join(STOP_WAIT)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(STOP_WAIT)


_renderer: Renderer | None = None


def _current_renderer() -> Renderer:
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer


def _stop_renderer() -> None:
    global _renderer
    if _renderer is not None:
        renderer, _renderer = _renderer, None
        renderer.stop()


# Stopped while the interpreter is still whole: the renderer is not left running after the app.
atexit.register(_stop_renderer)


def render_pdf(html: str, time_limit: float = 20.0, wait: float = 10.0) -> bytes:
    """Render HTML to a tagged PDF, waiting at most `wait` s for a slot and `time_limit` s to render."""
    if not _slots.acquire(timeout=wait):
        raise RenderBusy("no render slot came free")
    try:
        renderer = _current_renderer()
        try:
            pdf = renderer.render(html, time_limit)
        except (RenderTimeout, RenderFailed):
            _stop_renderer()  # kill a runaway or broken renderer; the next download starts afresh
            raise
        if renderer.renders >= RENDERS_PER_PROCESS:
            _stop_renderer()
        return pdf
    finally:
        _slots.release()
