"""`make bench`: run every benchmark and print one table. Figures are measured, never assumed."""

from __future__ import annotations

import os
import platform
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.http_load import gunicorn, measure
from wizard.storage.migrate import upgrade

Row = tuple[str, str, str, str]  # what, measured, target, verdict


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def baseline_pages() -> list[Row]:
    """Requests per second of a bare Flask route and of the start page, in the same run."""
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        upgrade(database_url)
        env = {
            "WIZARD_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
        }
        with gunicorn("tests.benchmarks.hello_app:app") as url:
            hello = measure(url + "/")
        with gunicorn("wsgi:app", env=env) as url:
            start = measure(url + "/")
    ratio = start.requests_per_second / hello.requests_per_second
    return [
        ("bare Flask 'hello' route, req/s", f"{hello.requests_per_second:,.0f}", "-", "-"),
        ("start page, req/s", f"{start.requests_per_second:,.0f}", "-", "-"),
        ("start page / hello ratio", f"{ratio:.2f}", "reported", "-"),
        ("start page p95 latency, 20 clients", f"{start.p95_ms:.1f} ms", "reported", "-"),
        (
            "errors during load",
            f"{hello.errors + start.errors}",
            "0",
            _verdict(hello.errors + start.errors == 0),
        ),
    ]


BENCHMARKS = [baseline_pages]


def main() -> int:
    """Run the benchmarks named on the command line (default: all) and print the table."""
    wanted = set(sys.argv[1:])
    rows: list[Row] = []
    for benchmark in BENCHMARKS:
        if not wanted or benchmark.__name__ in wanted:
            print(f"running {benchmark.__name__} ...", file=sys.stderr, flush=True)
            rows.extend(benchmark())
    print(
        f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    widths = [
        max(len(r[i]) for r in [*rows, ("benchmark", "measured", "target", "")]) for i in range(4)
    ]
    header = ("benchmark", "measured", "target", "")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 1 if any(row[3] == "MISSED" for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
