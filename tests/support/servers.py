"""A server started as a separate process for a test or a benchmark, ready once /healthz answers."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: How long a server may take to answer /healthz after it was started.
START_WAIT = 30.0


@contextmanager
def running(
    command: list[str], port: int, *, cwd: Path, env: dict[str, str], log: Path
) -> Iterator[str]:
    """Start `command` (serving on 127.0.0.1:`port`, its output to `log`), wait until /healthz
    answers, yield its address; stop it afterwards. It fails, naming the log, if it never answers."""
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + START_WAIT
            while True:
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError(f"the server did not start: see {log}") from None
                    time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)
