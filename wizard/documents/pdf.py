"""HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, locked down (security rule 4) and bounded.

- WeasyPrint runs in `renderer.py`, which only the renderer process imports (it is 40 MB the app
  processes need not hold). Its URL fetcher serves data: URLs only: no network, no file://, no
  redirects. The templates inline their CSS, and fonts come from the system (Liberation Sans).
- Renders run in a child process of each app process, one at a time (RENDER_SLOTS), at a lower
  CPU priority and with a hard time limit (an overrunning render is killed). In a thread they held
  Python's global lock for long stretches, and question pages served by the same process waited
  behind them (p95 over 500 ms while 10 PDFs were downloaded); in a child process the pages run
  freely and the operating system gives them the CPU first.
- Each serving process starts its renderer when it makes the app (`start_warm`, ADR 0029): the
  renderer imports WeasyPrint and renders one throwaway plan-shaped document while nobody waits,
  so the first family's PDF is as quick as the rest. A download that comes sooner waits for the
  warm-up (at most WARM_WAIT s). A process stops its renderer before it forks, so a forked child never
  holds its parent's: the child starts its own.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
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
#: How long a download waits for a renderer still warming up (it holds the slot meanwhile).
WARM_WAIT = 30.0
_slots = threading.BoundedSemaphore(RENDER_SLOTS)
_lock = threading.Lock()  # guards _renderer when the app's start-up and a download both want it
#: True once this process asked for a warm renderer: replacements are then started at once too.
_keep_warm = False

log = logging.getLogger("wizard.documents")


class RenderBusy(RuntimeError):
    """Every render slot stayed busy for too long: ask the user to try again shortly."""


class RenderTimeout(RuntimeError):
    """The render took longer than its time limit."""


class RenderFailed(RuntimeError):
    """The renderer process stopped or reported an error before the document was made."""


def _send(connection: Connection, message: tuple[str, object]) -> bool:
    """Send to the app; False when the app has gone (its end of the pipe is closed)."""
    try:
        connection.send(message)
    except OSError:  # BrokenPipeError: the app stopped while we were busy
        return False
    return True


def _serve(connection: Connection, level: int, warm_up: str | None) -> None:
    """The renderer process: warm up, say so, then render each HTML it is sent until the app
    closes the connection.

    SIGTERM keeps its default action here, so stopping the service's process group stops the
    renderer at once (a multiprocessing pool's worker could die holding its queue's lock, and the
    app process then hung at exit until it was killed).
    """
    from wizard.documents import renderer  # WeasyPrint is loaded in the renderer process only

    try:
        seconds = renderer.start(level, RENDER_NICENESS, warm_up)
    except Exception as error:  # a renderer that cannot render says so and stops
        _send(connection, ("failed", type(error).__name__))
        return
    if not _send(connection, ("warm", seconds)):
        return
    while True:
        try:
            html = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, object] = ("pdf", renderer.render(html))
        except Exception as error:  # reported to the app, which logs it and tells the family
            reply = ("error", type(error).__name__)
        if not _send(connection, reply):
            return


class Renderer:
    """One renderer process and the app's end of its connection. It starts warming up at once."""

    def __init__(self, warm_up: str | None = None) -> None:
        # spawn, not fork: the app process may have threads, and a forked copy of them is unsafe.
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        level = logging.getLogger("wizard").getEffectiveLevel()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, level, warm_up), name="pdf-renderer", daemon=True
        )
        self.process.start()
        child.close()
        self.renders = 0
        #: How long the warm-up took, once the renderer has said it is warm.
        self.warm_seconds: float | None = None

    @property
    def pid(self) -> int | None:
        """The renderer's process id."""
        return self.process.pid

    def wait_until_warm(self, timeout: float) -> bool:
        """Wait at most `timeout` s for the warm-up to end; True when the renderer is warm."""
        if self.warm_seconds is not None:
            return True
        try:
            if not self.connection.poll(timeout):
                return False
            kind, result = self.connection.recv()
        except (EOFError, OSError) as error:
            raise RenderFailed("the renderer stopped while warming up") from error
        if kind != "warm":
            raise RenderFailed(f"the renderer could not start: {result}")
        self.warm_seconds = float(result)
        return True

    def render(self, html: str, time_limit: float, warm_wait: float = WARM_WAIT) -> bytes:
        """Wait at most `warm_wait` s for the warm-up, then send one document and wait at most
        `time_limit` s for it."""
        # Nothing is sent before the renderer is warm: a document left queued behind a warm-up
        # that was given up on would be read as the answer to the next download.
        if not self.wait_until_warm(warm_wait):
            raise RenderBusy("the renderer is still warming up")
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
    with _lock:
        if _renderer is None:
            _renderer = Renderer()
        return _renderer


def _stop_renderer() -> None:
    global _renderer
    with _lock:
        renderer, _renderer = _renderer, None
    if renderer is not None:
        renderer.stop()


def _replace_renderer() -> None:
    """Stop the renderer; when kept warm, start its replacement now rather than at the next PDF."""
    _stop_renderer()
    if _keep_warm:
        _current_renderer()


def start_warm() -> None:
    """Start this process's renderer now, so it is warm before the first download (idempotent)."""
    global _keep_warm
    _keep_warm = True
    _current_renderer()


def _before_fork() -> None:
    """Before this process forks (a gunicorn master made the app with --preload): stop its renderer.

    A forked child would otherwise hold a copy of the parent's renderer: its pipe end, and
    multiprocessing's record of the process, whose exit handler would stop the parent's renderer
    when the child exits. So no child inherits one; a parent that renders again starts a new one
    at its next download (a gunicorn master never renders).
    """
    _stop_renderer()


def _after_fork_in_child() -> None:
    """In a forked child: fresh locks (a parent's thread may have held them), and a renderer of its
    own at once when the parent's was kept warm."""
    global _slots, _lock
    _slots = threading.BoundedSemaphore(RENDER_SLOTS)
    _lock = threading.Lock()
    if _keep_warm:
        try:
            _current_renderer()
        except Exception:  # the first download starts one instead
            log.exception("pdf renderer not started after fork")


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
# Stopped while the interpreter is still whole: the renderer is not left running after the app.
atexit.register(_stop_renderer)


def render_pdf(html: str, time_limit: float = 20.0, wait: float = 10.0) -> bytes:
    """Render HTML to a tagged PDF, waiting at most `wait` s for a slot and `time_limit` s to render."""
    if not _slots.acquire(timeout=wait):
        raise RenderBusy("no render slot came free")
    slot = _slots  # released to the semaphore it came from, even if a fork replaced it meanwhile
    try:
        renderer = _current_renderer()
        try:
            pdf = renderer.render(html, time_limit)
        except (RenderTimeout, RenderFailed):
            _replace_renderer()  # kill a runaway or broken renderer
            raise
        if renderer.renders >= RENDERS_PER_PROCESS:
            _replace_renderer()
        return pdf
    finally:
        slot.release()
