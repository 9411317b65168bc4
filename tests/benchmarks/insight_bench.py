"""Insight benchmark: every insight page over 100,000 anonymous records of finished plans."""

from __future__ import annotations

import logging
import random
import secrets
import statistics
import time
from collections import Counter
from typing import Any

from wizard.core.content_ids import NEEDS_AREAS, SETTING
from wizard.core.insight import AGE_BANDS, EHC_STATUS

RECORDS = 100_000
PERIOD = "?start=2025-12&end=2026-11"


def generated_records(content: Any, count: int, rng: random.Random) -> list[dict[str, str]]:
    """Plausible records over the 12 months to November 2026, from the real content's values.

    Actions are random samples (far more kinds of plan than real rules make), the harder case
    for the page, which groups identical lists before counting them."""
    graph = content.graph
    settings = list(graph.nodes[SETTING].option_values)
    statuses = list(graph.nodes[EHC_STATUS].option_values)
    areas = [v for v in graph.nodes[NEEDS_AREAS].option_values if v != "not_sure"]
    actions = [action.id for action in content.actions.actions]
    months = ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    rows = []
    for _ in range(count):
        chosen = sorted(rng.sample(actions, rng.randint(3, 8)))
        rows.append(
            {
                "ref": secrets.token_hex(16),
                "month": rng.choice(months),
                "age_band": rng.choice(AGE_BANDS)[0],
                "setting": rng.choice(settings),
                "ehc_status": rng.choice(statuses),
                "needs_areas": " ".join(sorted(rng.sample(areas, rng.randint(1, 3)))),
                "actions": " ".join(chosen),
                "unmet": " ".join(a for a in chosen if rng.random() < 0.3),
            }
        )
    return rows


def counters_for(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The counters wizard.storage.insight.add_plan keeps up, for records loaded in bulk."""
    counted: Counter[tuple[str, str, str, str]] = Counter()
    for row in rows:
        areas = row["needs_areas"].split()
        for measure in ("needs_areas", "actions", "unmet"):
            for value in row[measure].split():
                counted[(row["month"], measure, value, "")] += 1
        for value in row["unmet"].split():
            for area in areas:
                counted[(row["month"], "unmet_area", value, area)] += 1
    return [
        {"month": m, "measure": k, "value": v, "area": a, "count": n}
        for (m, k, v, a), n in counted.items()
    ]


def insight_rows(label: str, database_url: str, rounds: int = 5) -> list[tuple[str, str, str, str]]:
    """Load 100,000 records and time each insight page (whole Flask stack, signed in)."""
    from tests.conftest import app_config
    from tests.support.staff import make_staff, sign_in
    from wizard.app import create_app
    from wizard.storage.insight import InsightCount, InsightPlan
    from wizard.storage.migrate import upgrade
    from wizard.web.insight_context import VIEWS

    upgrade(database_url)
    logging.disable(logging.INFO)  # one log line per request would be timed too
    app = create_app(app_config(database_url, LOG_LEVEL="WARNING", FIXED_NOW="2026-11-30T12:00:00"))
    try:
        rows = generated_records(app.extensions["content"], RECORDS, random.Random(18))
        with app.extensions["db_sessionmaker"]() as session:
            for start in range(0, len(rows), 10_000):
                session.execute(InsightPlan.__table__.insert(), rows[start : start + 10_000])
            session.execute(InsightCount.__table__.insert(), counters_for(rows))
            session.commit()
        client = app.test_client()
        sign_in(client, make_staff(app, "bench.insight@demo.example", "Bench Insight", "insight"))
        urls = [f"/staff/insight/{view}{PERIOD}" for view in VIEWS]
        for url in urls:
            assert client.get(url).status_code == 200, url
        timings: dict[str, list[float]] = {url: [] for url in urls}
        for _ in range(rounds):
            for url in urls:
                started = time.perf_counter()
                client.get(url)
                timings[url].append((time.perf_counter() - started) * 1000)
    finally:
        logging.disable(logging.NOTSET)
        app.extensions["db_engine"].dispose()
    every = sorted(t for ts in timings.values() for t in ts)
    slowest_url, slowest = max(
        ((url, statistics.median(ts)) for url, ts in timings.items()), key=lambda item: item[1]
    )
    worst = every[-1]
    return [
        (
            f"insight pages p50, 100,000 records, {label}",
            f"{statistics.median(every):.1f} ms",
            "reported",
            "-",
        ),
        (
            f"insight slowest page median ({slowest_url.split('/')[-1].split('?')[0]}), {label}",
            f"{slowest:.1f} ms",
            "< 200 ms",
            "ok" if slowest < 200 else "MISSED",
        ),
        (f"insight slowest single request, {label}", f"{worst:.1f} ms", "reported", "-"),
    ]
