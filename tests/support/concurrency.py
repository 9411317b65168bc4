"""Run requests at the same moment, to test what holds under concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def all_at_once(jobs: list[Callable[[], Result]]) -> list[Result]:
    """Run the jobs in threads released together by a barrier; their results, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Result | None] = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        results[index] = jobs[index]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results), "a job did not finish"
    return results  # type: ignore[return-value]
