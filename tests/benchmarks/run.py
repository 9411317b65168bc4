"""`make bench` (python -m tests.benchmarks.run [NAME ...]): run the benchmarks, print one table."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tests.benchmarks.directory_bench import directory_rows, write_feed
from tests.benchmarks.floor_app import create_table
from tests.benchmarks.generated_graph import answers_for_path, write_generated_graph
from tests.benchmarks.http_load import gunicorn, measure, production_env, throwaway_postgres
from tests.benchmarks.insight_bench import insight_rows
from tests.benchmarks.journey_load import measure_hello, measure_journey, no_redirects
from tests.support.personas import PERSONAS
from wizard import PROJECT_ROOT
from wizard.core.content import load_content
from wizard.core.content_checks import check_graph
from wizard.core.engine import resolve
from wizard.core.loader import load_graph
from wizard.core.pathway import build_pathway
from wizard.storage.migrate import upgrade

Row = tuple[str, str, str, str]  # what, measured, target, verdict
AS_OF = date(2026, 11, 30)


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def baseline_pages() -> list[Row]:
    """Requests per second of a bare Flask route and of the start page, in the same run."""
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        upgrade(database_url)
        env = production_env(database_url)
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


def graph_engine() -> list[Row]:
    """Load and check generated graphs of 1,000, 5,000 and 10,000 nodes; resolve a 60-answer path."""
    rows: list[Row] = []
    per_node: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (1000, 5000, 10000):
            root = write_generated_graph(Path(tmp) / str(size), size)
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                graph = load_graph(root)
                problems = check_graph(graph)
                timings.append(time.perf_counter() - started)
            assert problems == [], problems[:3]
            seconds = statistics.median(timings)
            per_node.append(seconds / len(graph.nodes))
            target = "< 2 s" if size == 5000 else "-"
            verdict = _verdict(seconds < 2) if size == 5000 else "-"
            rows.append(
                (
                    f"load + check {len(graph.nodes):,}-node graph",
                    f"{seconds:.2f} s",
                    target,
                    verdict,
                )
            )
        growth = per_node[-1] / per_node[0]
        rows.append(
            (
                "cost per node, 10,000 vs 1,000",
                f"x{growth:.2f}",
                "~linear (< x2)",
                _verdict(growth < 2),
            )
        )
        graph = load_graph(write_generated_graph(Path(tmp) / "path", 400))
        answers = answers_for_path(60)
        assert len(resolve(graph, answers, AS_OF).answers) == 60
        samples = []
        for _ in range(2000):
            started = time.perf_counter()
            resolve(graph, answers, AS_OF)
            samples.append(time.perf_counter() - started)
        median_ms = statistics.median(samples) * 1000
        rows.append(
            (
                "resolve a 60-answer path, median",
                f"{median_ms:.3f} ms",
                "< 1 ms",
                _verdict(median_ms < 1),
            )
        )
    return rows


def pathway() -> list[Row]:
    """build_pathway on the fullest persona, and the API round trip under gunicorn."""
    content = load_content(PROJECT_ROOT / "questions", PROJECT_ROOT / "questions" / "locality.yaml")
    persona = max(PERSONAS, key=lambda p: len(build_pathway(content, p.answers, p.as_of).actions))
    samples = []
    for _ in range(2000):
        started = time.perf_counter()
        build_pathway(content, persona.answers, persona.as_of)
        samples.append(time.perf_counter() - started)
    median_ms = statistics.median(samples) * 1000
    actions = len(build_pathway(content, persona.answers, persona.as_of).actions)
    rows: list[Row] = [
        (
            f"build_pathway, {len(persona.answers)} answers, {actions} actions, median",
            f"{median_ms:.2f} ms",
            "< 2 ms",
            _verdict(median_ms < 2),
        )
    ]
    body = json.dumps({"answers": persona.answers, "as_of": persona.as_of.isoformat()})
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        upgrade(database_url)
        env = production_env(database_url)
        with gunicorn("wsgi:app", env=env) as url:
            load = measure(url + "/api/v1/pathway", method="POST", body=body)
    rows += [
        (
            "pathway API round trip, req/s (20 clients)",
            f"{load.requests_per_second:,.0f}",
            "reported",
            "-",
        ),
        (
            "pathway API round trip, p50 / p95",
            f"{load.p50_ms:.1f} / {load.p95_ms:.1f} ms",
            "reported",
            _verdict(load.errors == 0),
        ),
    ]
    return rows


def _journey_rows(label: str, database_url: str, hello_rps: float) -> list[Row]:
    env = production_env(database_url)
    with gunicorn("wsgi:app", env=env) as url:
        load, size = measure_journey(url)
    create_table(database_url)
    floor_env = {"FLOOR_DATABASE_URL": database_url, "SECRET_KEY": env["SECRET_KEY"]}
    with gunicorn("tests.benchmarks.floor_app:app", env=floor_env) as url:
        floor, _size = measure_journey(url)
    ratio = load.requests_per_second / hello_rps
    return [
        (f"question page GET+POST on {label}, req/s", f"{load.requests_per_second:,.0f}", "-", "-"),
        # Reported only (ADR 0024): the target is the latency a family sees, below.
        (f"  ratio to hello ({label})", f"{ratio:.2f}", "reported", "-"),
        (
            f"  floor: least possible page, ratio to hello ({label})",
            f"{floor.requests_per_second / hello_rps:.2f}",
            "reported",
            "-",
        ),
        (
            f"  p95 latency, 20 clients ({label})",
            f"{load.p95_ms:.1f} ms",
            "< 50 ms",
            _verdict(load.p95_ms < 50),
        ),
        (
            f"  errors ({label})",
            str(load.errors + floor.errors),
            "0",
            _verdict(load.errors + floor.errors == 0),
        ),
        ("question page HTML size", f"{size / 1024:.1f} KB", "< 20 KB", _verdict(size < 20 * 1024)),
    ]


def journey() -> list[Row]:
    """Question page GET + POST under gunicorn on SQLite and PostgreSQL, against hello in the same run."""
    with gunicorn("tests.benchmarks.hello_app:app") as url:
        hello = measure_hello(url)
    rows: list[Row] = [
        (
            "bare Flask 'hello' route (20 clients, 20 threads), req/s",
            f"{hello.requests_per_second:,.0f}",
            "-",
            "-",
        )
    ]
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        upgrade(database_url)
        rows += _journey_rows("SQLite", database_url, hello.requests_per_second)
    with throwaway_postgres() as postgres_url:
        if postgres_url is None:
            rows.append(
                (
                    "question page on PostgreSQL",
                    "not run",
                    "needs root or BENCH_POSTGRESQL_URL",
                    "-",
                )
            )
        else:
            upgrade(postgres_url)
            rows += _journey_rows("PostgreSQL", postgres_url, hello.requests_per_second)[:-1]
    return rows


@dataclass
class _FamilyPlan:
    """The busy family's finished journey in an app on a fresh SQLite database, and its plan's HTML."""

    app: Any
    client: Any
    database_url: str
    env: dict[str, str]
    html: str


def _busy_family_plan(folder: Path) -> _FamilyPlan:
    """The busy family (the largest plan) through the journey; the plan's PDF HTML, not rendered.

    The app has production's keys, so a gunicorn started with `env` opens the family's cookie."""
    from tests.conftest import app_config
    from tests.support.web_journey import complete_journey
    from wizard.app import create_app
    from wizard.web import downloads

    busy = next(p for p in PERSONAS if p.name.startswith("busy family"))
    database_url = f"sqlite:///{folder}/bench.db"
    upgrade(database_url)
    env = production_env(database_url)
    app = create_app(
        app_config(
            database_url,
            FIXED_NOW=busy.as_of.isoformat(),
            LOG_LEVEL="WARNING",
            SECRET_KEY=env["SECRET_KEY"],
            DATA_KEY=env["DATA_KEY"],
        )
    )
    client = app.test_client()
    complete_journey(client, busy.answers)
    captured: dict[str, str] = {}
    real = downloads.render_pdf

    def capture(html: str, **_limits: float) -> bytes:
        captured["html"] = html  # the plan's HTML; nothing rendered here
        return b"%PDF-"

    downloads.render_pdf = capture  # type: ignore[assignment]
    try:
        client.get("/plan/plan.pdf")
    finally:
        downloads.render_pdf = real  # type: ignore[assignment]
    assert "html" in captured, "the plan's PDF was not asked for"
    return _FamilyPlan(app, client, database_url, env, captured["html"])


def documents() -> list[Row]:
    """Warm PDF render of the largest plan against bare WeasyPrint on the same HTML; page latency
    while 10 PDF downloads run at once (gunicorn 2 workers x 16 threads, as the README deploys)."""
    import threading

    import weasyprint

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        # The gunicorn app below must open this family's cookie and sealed answers: same keys.
        # The served app uses the real date (production reads no FIXED_NOW): close to as_of.
        family = _busy_family_plan(Path(tmp))
        client, env, captured = family.client, family.env, {"html": family.html}

        def median_of(action: Callable[[], object], runs: int = 7) -> float:
            action()
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                action()
                timings.append(time.perf_counter() - started)
            return statistics.median(timings)

        ours = median_of(lambda: client.get("/plan/plan.pdf"))
        bare = median_of(
            lambda: weasyprint.HTML(string=captured["html"]).write_pdf(pdf_variant="pdf/ua-1")
        )
        rows += [
            (
                "plan PDF, largest plan, warm median",
                f"{ours:.2f} s",
                "< 0.6 s",
                _verdict(ours < 0.6),
            ),
            ("  bare WeasyPrint, same HTML", f"{bare:.2f} s", "-", "-"),
            ("  ours / bare", f"x{ours / bare:.2f}", "<= x1.3", _verdict(ours / bare <= 1.3)),
        ]
        cookie = client.get_cookie("session")
        assert cookie is not None, "the journey set no session cookie"
        made: list[int] = []  # PDFs received, by size
        told_busy: list[
            int
        ] = []  # "busy, try again" pages: a download waited too long for a render
        wrong: list[str] = []  # anything else: the set-up is broken, so the figures mean nothing
        with gunicorn("wsgi:app", env=env, threads=16) as url:
            stop = threading.Event()

            def download_loop() -> None:
                request = urllib.request.Request(
                    url + "/plan/plan.pdf", headers={"Cookie": f"session={cookie.value}"}
                )
                while not stop.is_set():
                    try:
                        with no_redirects.open(request, timeout=60) as response:
                            kind, body = response.headers["Content-Type"], response.read()
                    except urllib.error.HTTPError as error:
                        if error.code == 503:
                            told_busy.append(error.code)
                        else:
                            wrong.append(str(error.code))
                        continue
                    if kind == "application/pdf":
                        made.append(len(body))
                    else:
                        wrong.append(f"{response.status} {kind}")

            downloaders = [threading.Thread(target=download_loop, daemon=True) for _ in range(10)]
            for thread in downloaders:
                thread.start()
            time.sleep(1)
            load, _size = measure_journey(url, seconds=8)
            stop.set()
            for thread in downloaders:
                thread.join(timeout=60)
        assert made and not wrong, f"the downloads did not get the PDF: {wrong[:3]}"
        rows += [
            (
                "question page p95 with 10 PDF downloads running",
                f"{load.p95_ms:.0f} ms",
                "< 200 ms",
                _verdict(load.p95_ms < 200),
            ),
            (
                "  PDFs made meanwhile / downloads told busy",
                f"{len(made)} / {len(told_busy)}",
                "-",
                "-",
            ),
        ]
    return rows


def first_pdf() -> list[Row]:
    """The first PDF after a cold start (a fresh gunicorn, its renderer warmed as in production)
    against the warm ones, in the same run; bare WeasyPrint on the same HTML for comparison."""
    from tests.benchmarks.first_pdf import measure_first_pdf

    with tempfile.TemporaryDirectory() as tmp:
        family = _busy_family_plan(Path(tmp))
        cookie = family.client.get_cookie("session")
        assert cookie is not None, "the journey set no session cookie"
        family.app.extensions["db_engine"].dispose()
        got = measure_first_pdf(
            family.database_url, family.env, f"session={cookie.value}", family.html
        )
    ratio = got.first / got.warm
    return [
        ("first PDF after a cold start (warm-up done)", f"{got.first:.2f} s", "-", "-"),
        ("  warm PDF, median of 7, same server", f"{got.warm:.2f} s", "-", "-"),
        ("  first / warm", f"x{ratio:.2f}", "<= x1.5", _verdict(ratio <= 1.5)),
        (
            "  renderer warm-up render (WeasyPrint already imported)",
            f"{got.warm_up:.2f} s",
            "-",
            "-",
        ),
        (
            "  first PDF asked for at once (waits for the warm-up)",
            f"{got.at_once:.2f} s (warm-up {got.at_once_warm_up:.2f} s)",
            "reported",
            "-",
        ),
        ("  bare WeasyPrint: import + first render", f"{got.bare_first:.2f} s", "-", "-"),
        ("  bare WeasyPrint: warm median", f"{got.bare_warm:.2f} s", "-", "-"),
    ]


def directory() -> list[Row]:
    """Import a generated 10,000-service ORUK feed and search it, on SQLite and PostgreSQL."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        feed = write_feed(Path(tmp) / "feed.json", 10_000)
        rows += directory_rows("SQLite", f"sqlite:///{tmp}/bench.db", feed)
        with throwaway_postgres() as postgres_url:
            if postgres_url is None:
                rows.append(
                    (
                        "directory on PostgreSQL",
                        "not run",
                        "needs root or BENCH_POSTGRESQL_URL",
                        "-",
                    )
                )
            else:
                rows += directory_rows("PostgreSQL", postgres_url, feed)
    return rows


def insight() -> list[Row]:
    """Every insight page over 100,000 anonymous records, on SQLite and PostgreSQL."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += insight_rows("SQLite", f"sqlite:///{tmp}/insight.db")
    with throwaway_postgres() as postgres_url:
        if postgres_url is None:
            rows.append(
                ("insight on PostgreSQL", "not run", "needs root or BENCH_POSTGRESQL_URL", "-")
            )
        else:
            rows += insight_rows("PostgreSQL", postgres_url)
    return rows


def _steps_setting() -> list[int]:
    return [
        int(n)
        for n in os.environ.get("CAPACITY_STEPS", "100,200,300,400,500,600,700,800").split(",")
    ]


def _think_setting() -> tuple[float, float]:
    low, _, high = os.environ.get("CAPACITY_THINK", "2-8").partition("-")
    return float(low), float(high or low)


def capacity() -> list[Row]:
    """Simulated families on PostgreSQL (gunicorn 2 workers x 16 threads): the largest crowd held
    with p95 under 500 ms, no errors and no PDF download told "busy"; target 500 families."""
    from urllib.parse import urlparse

    from tests.benchmarks.capacity import postgres_pid, run_steps
    from tests.conftest import app_config
    from tests.support.personas import AS_OF as PERSONA_DAY
    from tests.support.web_journey import seed_assessment
    from wizard.app import create_app

    think = _think_setting()
    window = float(os.environ.get("CAPACITY_SECONDS", "30"))
    began = time.monotonic()
    with throwaway_postgres() as postgres_url:
        if postgres_url is None:
            return [("capacity", "not run", "needs root or BENCH_POSTGRESQL_URL", "-")]
        upgrade(postgres_url)
        # The seeding app and the served app share the keys: each opens the other's cookies and data.
        # One address (127.0.0.1) starts every family: the hourly limit on new answers is lifted.
        env = production_env(postgres_url, NEW_ASSESSMENTS_PER_HOUR="1000000")
        seeder = create_app(
            app_config(
                postgres_url,
                FIXED_NOW=PERSONA_DAY.isoformat(),
                LOG_LEVEL="WARNING",
                SECRET_KEY=env["SECRET_KEY"],
                DATA_KEY=env["DATA_KEY"],
            )
        )
        signer = seeder.session_interface.get_signing_serializer(seeder)  # type: ignore[attr-defined]

        def seed_family(answers: dict[str, object], upto: str | None) -> str:
            token = seed_assessment(seeder, answers, upto)
            return f"session={signer.dumps({'token': token})}"

        def log(step: object) -> None:
            print(f"  {step}", file=sys.stderr, flush=True)

        pids: list[int] = []
        with gunicorn("wsgi:app", env=env, threads=16, pids=pids) as url:
            steps = run_steps(
                url,
                pids[0],
                postgres_pid(urlparse(postgres_url).port or 5432),
                seeder.extensions["content"].graph,
                seed_family,
                _steps_setting(),
                think,
                settle=8.0,
                window=window,
                log=log,
            )
        seeder.extensions["db_engine"].dispose()
    held = [step for step in steps if step.held]
    best = held[-1] if held else None
    rows: list[Row] = []
    for step in steps:
        kinds = step.by_kind

        def p95(kind: str, kinds: dict[str, tuple[int, float, float]] = kinds) -> str:
            return f"{kinds[kind][2]:.0f}" if kind in kinds else "-"

        rows.append(
            (
                f"{step.families} families: req/s, p50/p95 ms, errors, PDFs made/busy",
                f"{step.requests_per_second:.0f}, {step.p50_ms:.0f}/{step.p95_ms:.0f}, "
                f"{step.errors}, {step.pdfs}/{step.busy}",
                "p95 < 500, 0, -/0",
                "held" if step.held else "not held",
            )
        )
        rows.append(
            (
                "  p95 ms: question GET / answer POST / check / make plan / plan / PDF / static",
                " / ".join(
                    p95(k)
                    for k in (
                        "question page",
                        "answer (POST)",
                        "check answers",
                        "make plan (POST)",
                        "plan page",
                        "plan PDF",
                        "static file",
                    )
                ),
                "-",
                "-",
            )
        )
        # what else ran on the machine meanwhile (other work shares these two cores)
        rest = step.machine_cpu_cores - (
            step.app_cpu_cores + step.database_cpu_cores + step.generator_cpu_cores
        )
        rows.append(
            (
                "  CPU cores busy: app / PostgreSQL / load generator / rest / machine",
                f"{step.app_cpu_cores:.2f} / {step.database_cpu_cores:.2f} / "
                f"{step.generator_cpu_cores:.2f} / {rest:.2f} / {step.machine_cpu_cores:.2f}",
                "-",
                "-",
            )
        )
        if step.error_examples:
            rows.append(("  errors seen", "; ".join(step.error_examples), "-", "-"))
    rows.append(
        (
            f"families held (think {think[0]:g}-{think[1]:g} s, 1 in 10 downloads the PDF)",
            f"{best.families} at {best.requests_per_second:.0f} req/s" if best else "none",
            ">= 500",
            _verdict(best is not None and best.families >= 500),
        )
    )
    rows.append(("  capacity group run time", f"{time.monotonic() - began:.0f} s", "< 6 min", "-"))
    return rows


BENCHMARKS = [
    baseline_pages,
    graph_engine,
    pathway,
    journey,
    documents,
    first_pdf,
    directory,
    insight,
    capacity,
]


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
