"""Build the fictional demo directory's ORUK 3.0 feed from questions/directory/demo-services.yaml.

Run `python -m wizard.directory.demo` after editing the YAML; a test checks the JSON is up to date.
Ids are UUIDs derived from each entry's key, so the feed is the same every time it is built.
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from wizard import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "questions" / "directory" / "demo-services.yaml"
FEED = PROJECT_ROOT / "questions" / "directory" / "demo-feed.json"
NAMESPACE = uuid.UUID("0b7e6c1e-3d0a-4f7e-9b6a-5d2c8e1f4a90")
HOME_AREA = "Demo Borough"


def demo_id(*parts: str) -> str:
    """A stable UUID for a demo record."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _costs(key: str, cost: Any) -> tuple[str, list[dict[str, Any]]]:
    if cost == "free":
        return "", [
            {
                "id": demo_id(key, "cost", "0"),
                "option": "Everyone",
                "amount": 0,
                "amount_description": "Free",
            }
        ]
    if isinstance(cost, str):
        return cost, []
    return "", [
        {
            "id": demo_id(key, "cost", str(n)),
            "option": item["option"],
            "amount": item["amount"],
            "amount_description": item["per"],
        }
        for n, item in enumerate(cost)
    ]


def _location(name: str, place: dict[str, Any]) -> dict[str, Any]:
    location_id = demo_id("location", name)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "name": place["name"],
        "addresses": [
            {
                "id": demo_id("address", name),
                "location_id": location_id,
                "address_1": place["address"],
                "city": place["city"],
                "state_province": "England",
                "postal_code": place["postcode"],
                "country": "GB",
                "address_type": "postal",
            }
        ],
    }
    if place.get("access"):
        location["accessibility"] = [
            {
                "id": demo_id("access", name),
                "location_id": location_id,
                "description": place["access"],
            }
        ]
    return location


def _term(taxonomy: str, name: str) -> dict[str, Any]:
    return {
        "id": demo_id("term", name),
        "name": name,
        "description": f"{taxonomy}: {name}",
        "taxonomy": taxonomy,
        "taxonomy_id": demo_id("taxonomy", taxonomy),
        "term": name.lower().replace(" ", "-").replace(",", "").replace("'", ""),
    }


def _service(entry: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    key = entry["id"]
    org = data["organisations"][entry["org"]]
    checked = entry.get("checked", data["checked_default"])
    hours = entry.get("hours", data["hours_default"])
    fees, cost_options = _costs(key, entry["cost"])
    area = entry.get("area", HOME_AREA)
    service: dict[str, Any] = {
        "id": demo_id("service", key),
        "organization_id": demo_id("organization", entry["org"]),
        "name": entry["name"],
        "description": entry["description"],
        "email": entry["email"],
        "status": entry.get("status", "active"),
        "minimum_age": entry["ages"][0],
        "maximum_age": entry["ages"][1],
        "eligibility_description": entry["for"],
        "application_process": entry["apply"],
        "decision_process": entry["decisions"],
        "assured_date": _iso(checked),
        "last_modified": f"{_iso(checked)}T09:00:00Z",
        "organization": {
            "id": demo_id("organization", entry["org"]),
            "name": org["name"],
            "description": org["description"],
            "website": org["website"],
        },
        "service_areas": [
            {
                "id": demo_id(key, "area"),
                "name": area,
                "service_area": f"Families living in {area}"
                if area == HOME_AREA
                else f"{area} (outside Demo Borough)",
            }
        ],
        "service_at_locations": [
            {
                "id": demo_id(key, "at", entry["place"]),
                "location": _location(entry["place"], data["places"][entry["place"]]),
            }
        ],
        "schedules": [
            {
                "id": demo_id(key, "schedule"),
                "freq": "WEEKLY",
                "interval": 1,
                "byday": hours["days"],
                "opens_at": hours["opens"],
                "closes_at": hours["closes"],
                **({"description": hours["note"]} if hours.get("note") else {}),
            }
        ],
        "cost_options": cost_options,
        "attributes": [
            {
                "id": demo_id(key, "attribute", name),
                "link_type": "service",
                "link_entity": "service",
                "link_id": demo_id("service", key),
                "taxonomy_term_id": demo_id("term", name),
                "taxonomy_term": _term(data["taxonomy"], name),
            }
            for name in entry["terms"]
        ],
    }
    for optional, field in (("web", "url"), ("alert", "alert")):
        if entry.get(optional):
            service[field] = entry[optional]
    if fees:
        service["fees"] = fees
    if entry.get("phone"):
        service["phones"] = [
            {"id": demo_id(key, "phone"), "number": entry["phone"], "description": "Enquiries"}
        ]
    return service


def build_feed(source: Path = SOURCE) -> dict[str, Any]:
    """The demo directory as one ORUK 3.0 page holding every service."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    services = [_service(entry, data) for entry in data["services"]]
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }


def feed_text(source: Path = SOURCE) -> str:
    """The feed as the JSON text stored in questions/directory/demo-feed.json."""
    return json.dumps(build_feed(source), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    """Write the feed file."""
    FEED.write_text(feed_text(), encoding="utf-8")
    print(f"Wrote {FEED.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
