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
from multiprocessing.pool import Pool

RENDER_SLOTS = 1
#: How much less CPU priority the renderer has than the pages (a `nice` increment).
RENDER_NICENESS = 5
#: A renderer is replaced after this many documents, so whatever WeasyPrint caches cannot grow.
RENDERS_PER_PROCESS = 200
_slots = threading.BoundedSemaphore(RENDER_SLOTS)
_renderer: Pool | None = None


class RenderBusy(RuntimeError):
    """Every render slot stayed busy for too long: ask the user to try again shortly."""


class RenderTimeout(RuntimeError):
    """The render took longer than its time limit."""


def _start_in_child(level: int) -> None:
    from wizard.documents import renderer  # WeasyPrint is loaded in the renderer process only

    renderer.start(level, RENDER_NICENESS)


def _render_in_child(html: str) -> bytes:
    from wizard.documents import renderer

    return renderer.render(html)


def _renderer_pool() -> Pool:
    global _renderer
    if _renderer is None:
        # spawn, not fork: the app process may have threads, and a forked copy of them is unsafe.
        _renderer = multiprocessing.get_context("spawn").Pool(
            processes=1,
            initializer=_start_in_child,
            initargs=(logging.getLogger("wizard").getEffectiveLevel(),),
            maxtasksperchild=RENDERS_PER_PROCESS,
        )
    return _renderer


def _stop_renderer() -> None:
    global _renderer
    if _renderer is not None:
        _renderer.terminate()
        _renderer = None


# Stopped while the interpreter is still whole: a pool left to the garbage collector at exit
# complains on standard error.
atexit.register(_stop_renderer)


def render_pdf(html: str, time_limit: float = 20.0, wait: float = 10.0) -> bytes:
    """Render HTML to a tagged PDF, waiting at most `wait` s for a slot and `time_limit` s to render."""
    if not _slots.acquire(timeout=wait):
        raise RenderBusy("no render slot came free")
    try:
        job = _renderer_pool().apply_async(_render_in_child, (html,))
        try:
            pdf: bytes = job.get(timeout=time_limit)
        except multiprocessing.TimeoutError as error:
            _stop_renderer()  # kill the runaway render; the next download starts a fresh one
            raise RenderTimeout("the document took too long to make") from error
        return pdf
    finally:
        _slots.release()
