"""Serve an app under gunicorn on 127.0.0.1 and measure it with wrk (loopback only, bounded runs)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

#: wrk's Lua hook: print the figures we report as one JSON line at the end of the run.
WRK_POST = """
wrk.method = "POST"
wrk.body = io.open(os.getenv("WRK_BODY_FILE")):read("*a")
wrk.headers["Content-Type"] = "application/json"
"""

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "errors": %d, "seconds": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Load:
    """What one wrk run measured."""

    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def ensure_wrk() -> str:
    """Return wrk's path, installing Debian's package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL
        )
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    return found


def free_port() -> int:
    """Ask the kernel for a free port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def gunicorn(
    target: str,
    env: dict[str, str] | None = None,
    workers: int = 2,
    threads: int = 1,
    pids: list[int] | None = None,
) -> Iterator[str]:
    """Run `target` (module:app) under gunicorn on 127.0.0.1; yield its base URL (the master's
    process id is added to `pids` when given, to count the CPU its workers use)."""
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        target,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(process.pid)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"gunicorn {target} did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(
    url: str,
    seconds: int = 8,
    connections: int = 20,
    threads: int = 2,
    method: str = "GET",
    body: str = "",
) -> Load:
    """Load `url` with wrk for a bounded time and return throughput and latency."""
    wrk = ensure_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body_file:
        body_file.write(body)
    os.environ["WRK_BODY_FILE"] = body_file.name
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write((WRK_POST if method == "POST" else "") + WRK_REPORT)
    try:
        subprocess.run(  # warm-up, not measured
            [wrk, "-t1", "-c2", "-d1s", "-s", script.name, url],
            check=True,
            capture_output=True,
            timeout=30,
        )
        result = subprocess.run(
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 30,
        )
    finally:
        os.unlink(script.name)
        os.unlink(body_file.name)
    return load_from_report(result.stdout)


def load_from_report(stdout: str) -> Load:
    """Read the JSON line WRK_REPORT prints at the end of a wrk run."""
    figures = json.loads(stdout.strip().splitlines()[-1])
    return Load(
        requests_per_second=figures["requests"] / figures["seconds"],
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        errors=figures["errors"],
    )


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """Settings for a production-mode app on `database_url`, with a fresh secret."""
    return {
        "WIZARD_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATA_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        # Load comes to 127.0.0.1 (production refuses other hosts than PUBLIC_URL's).
        "PUBLIC_URL": "https://127.0.0.1",
        **extra,
    }


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """BENCH_POSTGRESQL_URL if set; else, as root with Debian's PostgreSQL, a server just for the run."""
    given = os.environ.get("BENCH_POSTGRESQL_URL")
    if given:
        yield given
        return
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if os.geteuid() != 0 or not binaries:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="wizard-bench-pg-"))
    folder.chmod(0o755)
    url = (
        subprocess.run(
            ["bash", str(ROOT / ".ci" / "start-postgres"), str(folder / "pg"), str(free_port())],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    try:
        yield url
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(binaries[-1]),
                "-D",
                str(folder / "pg" / "data"),
                "-m",
                "fast",
                "stop",
            ],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
