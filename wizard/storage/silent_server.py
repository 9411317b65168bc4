"""A client-side deadline on PostgreSQL calls, for a server that has stopped answering (ADR 0017).

The server's own statement_timeout ends a slow statement, but a server that is frozen (stopped,
swapped out, or hung in the kernel) never runs its timer, and its kernel keeps acknowledging our
packets, so TCP keepalives and tcp_user_timeout never fire either. psycopg's cancel request goes
to the same frozen server. So one watchdog thread per process shuts down the socket of any call
still waiting past its deadline: the waiting call wakes at once with psycopg's "server closed the
connection" OperationalError, SQLAlchemy drops that connection, and the app shows its 503 page.
"""

from __future__ import annotations

import itertools
import math
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

#: How much longer than the server's statement_timeout the app waits before it gives up on the
#: server: long enough for a live server's own "statement timeout" error to arrive first.
GRACE_SECONDS = 2.0


class _Watchdog:
    """Shut the socket of any guarded call that runs past its deadline."""

    def __init__(self) -> None:
        self._reset()
        # A forked worker has no watchdog thread and may have inherited a held lock: start afresh.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._condition = threading.Condition()
        self._waiting: dict[int, tuple[float, int]] = {}  # call -> (deadline, socket descriptor)
        self._calls = itertools.count()
        self._started = False
        self._wakes_at = math.inf  # when the watchdog thread next looks, if not woken before

    @contextmanager
    def guard(self, descriptor: int, seconds: float) -> Iterator[None]:
        """Run the body with a deadline on the connection whose socket is `descriptor`."""
        with self._condition:
            if not self._started:
                threading.Thread(target=self._run, name="database-watchdog", daemon=True).start()
                self._started = True
            call = next(self._calls)
            deadline = time.monotonic() + seconds
            self._waiting[call] = (deadline, descriptor)
            if deadline < self._wakes_at:  # rare: every deadline is as long, so later ones wait
                self._condition.notify()
        try:
            yield
        finally:
            with self._condition:
                self._waiting.pop(call, None)

    def _run(self) -> None:
        condition, waiting = self._condition, self._waiting
        with condition:
            while True:
                now = time.monotonic()
                for call, (deadline, descriptor) in list(waiting.items()):
                    if deadline <= now:
                        del waiting[call]
                        # Under the lock: the call is still running, so its socket is still open.
                        _shut_down(descriptor)
                self._wakes_at = min(
                    (deadline for deadline, _ in waiting.values()), default=math.inf
                )
                condition.wait(None if self._wakes_at == math.inf else max(self._wakes_at - now, 0))


def _shut_down(descriptor: int) -> None:
    """Shut a socket down for both directions through a duplicate, leaving closing to psycopg."""
    try:
        with socket.socket(fileno=os.dup(descriptor)) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing is waiting on it


WATCHDOG = _Watchdog()


class GuardedCursor(psycopg.Cursor[Any]):
    """A cursor whose statements give up when the server stays silent past the deadline."""

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        """Run a statement (and fetch its rows), within the connection's deadline."""
        with _guarded(self.connection):
            return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> None:
        """Run a statement for each set of parameters, within the connection's deadline."""
        with _guarded(self.connection):
            super().executemany(*args, **kwargs)


class GuardedConnection(psycopg.Connection[Any]):
    """A connection whose commit and rollback also give up on a silent server."""

    #: Seconds a call may wait for the server; set by connect_guarded.
    deadline_seconds = 0.0

    def commit(self) -> None:
        """Commit, within the deadline."""
        with _guarded(self):
            super().commit()

    def rollback(self) -> None:
        """Roll back, within the deadline."""
        with _guarded(self):
            super().rollback()


@contextmanager
def _guarded(connection: Any) -> Iterator[None]:
    seconds = getattr(connection, "deadline_seconds", 0.0)
    if connection.closed or not seconds:
        yield  # psycopg itself reports a closed connection; no deadline means none
        return
    with WATCHDOG.guard(connection.fileno(), seconds):
        yield


def connect_guarded(deadline_seconds: float, *cargs: Any, **cparams: Any) -> GuardedConnection:
    """Open a psycopg connection whose calls wait at most `deadline_seconds` for the server."""
    connection = GuardedConnection.connect(*cargs, cursor_factory=GuardedCursor, **cparams)
    connection.deadline_seconds = deadline_seconds
    return connection
