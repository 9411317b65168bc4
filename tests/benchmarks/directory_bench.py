"""Directory benchmarks: import a generated 10,000-service ORUK 3.0 feed, then search it."""

from __future__ import annotations

import json
import random
import statistics
import time
import uuid
from pathlib import Path
from typing import Any

TERMS = [
    "Early years",
    "Mainstream schools",
    "Special schools",
    "Post-16 education",
    "Supported internships",
    "Speech and language therapy",
    "Occupational therapy",
    "Physiotherapy",
    "Children's mental health",
    "Community paediatrics",
    "Short breaks",
    "Childcare",
    "Leisure and sport",
    "SENDIASS",
    "Mediation",
    "School transport",
    "Adult transition",
    "Autism",
    "Hearing impairment",
    "Learning disability",
]
WORDS = [
    "support",
    "children",
    "young",
    "people",
    "families",
    "help",
    "play",
    "learn",
    "therapy",
    "school",
    "college",
    "care",
]
NS = uuid.UUID("4a1d2b9e-0c57-4e7f-8f51-2a9c3d6e7b10")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(NS, ":".join(map(str, parts))))


def generated_service(n: int, rng: random.Random) -> dict[str, Any]:
    """One plausible service with every kind of child record."""
    low = rng.choice([0, 0, 2, 4, 5, 11, 14, 16])
    terms = rng.sample(TERMS, 3)
    area = "Demo Borough" if rng.random() < 0.8 else "Northshire"
    description = " ".join(rng.choice(WORDS) for _ in range(40))
    return {
        "id": _id("service", n),
        "name": f"{terms[0]} service {n}",
        "description": description,
        "email": f"service{n}@bench.example",
        "status": "active",
        "minimum_age": low,
        "maximum_age": rng.choice([5, 11, 16, 18, 19, 25]) if low < 5 else 25,
        "eligibility_description": "Children and young people with SEND.",
        "application_process": "Phone or email.",
        "decision_process": "A panel decides each month.",
        "assured_date": "2026-06-01",
        "last_modified": "2026-06-01T09:00:00Z",
        "organization": {
            "id": _id("organization", n % 400),
            "name": f"Organisation {n % 400}",
            "description": "A provider.",
        },
        "service_areas": [{"id": _id("area", n), "name": area}],
        "service_at_locations": [
            {
                "id": _id("sal", n),
                "location": {
                    "id": _id("location", n % 900),
                    "location_type": "physical",
                    "name": f"Centre {n % 900}",
                    # 900 places spread over about 30 by 30 km, so proximity has work to do.
                    "latitude": 51.40 + (n % 900) // 30 * 0.009,
                    "longitude": -0.30 + (n % 900) % 30 * 0.0145,
                    "addresses": [
                        {
                            "id": _id("address", n % 900),
                            "address_1": f"{n % 900} High Street",
                            "city": "Demotown",
                            "state_province": "England",
                            "postal_code": f"DM{1 + n % 6} 1AA",
                            "country": "GB",
                            "address_type": "postal",
                        }
                    ],
                },
            }
        ],
        "schedules": [
            {
                "id": _id("schedule", n),
                "freq": "WEEKLY",
                "byday": rng.choice(["MO,TU,WE,TH,FR", "SA", "TU,TH", "WE"]),
                "opens_at": rng.choice(["09:00", "10:00", "16:00"]),
                "closes_at": rng.choice(["12:00", "17:00", "19:30"]),
            }
        ],
        "cost_options": [
            {
                "id": _id("cost", n),
                "amount": rng.choice([0, 0, 0, 3, 10]),
                "amount_description": "per session",
            }
        ],
        "contacts": [{"id": _id("contact", n), "name": "Enquiries"}],
        "phones": [{"id": _id("phone", n), "number": f"020 7946 0{n % 1000:03d}"}],
        "attributes": [
            {
                "id": _id("attribute", n, term),
                "taxonomy_term": {
                    "id": _id("term", term),
                    "name": term,
                    "description": term,
                    # two vocabularies, so a taxonomy_id filter has something to leave out
                    "taxonomy_id": _id("taxonomy", len(term) % 2),
                },
            }
            for term in terms
        ],
    }


def write_feed(path: Path, count: int) -> Path:
    """Write a generated feed of `count` services as one ORUK 3.0 page."""
    rng = random.Random(7)
    contents = [generated_service(n, rng) for n in range(count)]
    path.write_text(json.dumps({"total_items": count, "contents": contents}))
    return path


SEARCHES = [
    "/services/",
    "/services/?q=therapy",
    "/services/?q=play+school&age=7",
    "/services/?category=health&age=10",
    "/services/?need=communication_interaction&area=in&free=yes",
    "/services/?category=short_breaks&page=5",
    "/services/?area=out&age=16",
    "/services/?q=zzz",
]
#: The ORUK API's /services with the filters councils' service finders send (issue 17).
ORUK_SEARCHES = [
    "/oruk/services",
    "/oruk/services?search=therapy&page=3",
    f"/oruk/services?taxonomy_term_id={_id('term', 'Short breaks')}",
    f"/oruk/services?organization_id={_id('organization', 7)}",
    f"/oruk/services?taxonomy_id={_id('taxonomy', 1)}&page=2",
    "/oruk/services?minimum_age=5&maximum_age=11",
    "/oruk/services?postcode=DM1+1AA&proximity=3000",
    "/oruk/services?day=SA&start_time=10:00&end_time=12:00",
    "/oruk/services?modified_after=2026-06-01T09:00:00Z&page=20",
    "/oruk/service_at_locations?postcode=DM2+1AA&proximity=5000&minimum_age=16",
]


def search_p95(app: Any, rounds: int = 25, urls: list[str] = SEARCHES) -> tuple[float, float]:
    """p50 and p95 in ms of a mix of queries (through the whole Flask stack)."""
    client = app.test_client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/oruk/") and "zzz" not in url:
            assert response.get_json()["total_items"] > 0, (
                url
            )  # a filter that finds nothing is cheap
    timings = []
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def directory_rows(label: str, database_url: str, feed: Path) -> list[tuple[str, str, str, str]]:
    """Import the feed twice (the second changes nothing) and time the search page, on one database."""
    import logging

    from tests.conftest import app_config
    from tests.support.directory import import_into
    from wizard.app import create_app
    from wizard.storage.migrate import upgrade

    upgrade(database_url)
    logging.disable(logging.INFO)  # one log line per request would be timed too
    app = create_app(app_config(database_url, LOG_LEVEL="WARNING"))
    try:
        started = time.perf_counter()
        first = import_into(app, str(feed), source_name="bench", full_sync=True)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_into(app, str(feed), source_name="bench", full_sync=True)
        reimport = time.perf_counter() - started
        assert first.complete and first.created == again.unchanged, first.report()
        p50, p95 = search_p95(app)
        oruk50, oruk95 = search_p95(app, urls=ORUK_SEARCHES)
    finally:
        logging.disable(logging.NOTSET)
        app.extensions["db_engine"].dispose()
    ok = "ok" if seconds < 60 else "MISSED"
    return [
        (f"directory import, 10,000 services, {label}", f"{seconds:.1f} s", "< 60 s", ok),
        (f"directory re-import (nothing changed), {label}", f"{reimport:.1f} s", "reported", "-"),
        (f"search page p50, 10,000 services, {label}", f"{p50:.1f} ms", "reported", "-"),
        (
            f"search page p95, 10,000 services, {label}",
            f"{p95:.1f} ms",
            "< 50 ms",
            "ok" if p95 < 50 else "MISSED",
        ),
        (
            f"ORUK /services filters p50, 10,000 services, {label}",
            f"{oruk50:.1f} ms",
            "reported",
            "-",
        ),
        (
            f"ORUK /services filters p95, 10,000 services, {label}",
            f"{oruk95:.1f} ms",
            "< 50 ms",
            "ok" if oruk95 < 50 else "MISSED",
        ),
    ]
