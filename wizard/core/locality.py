"""The council profile (questions/locality.yaml): load it, check it against its schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wizard.core.schema import validate
from wizard.core.yamlsource import ContentError, ContentProblems, load_yaml_file

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "questions" / "schemas" / "locality.schema.json"


@dataclass(frozen=True)
class Organisation:
    """An advice or support organisation named in the profile."""

    name: str
    url: str
    description: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Locality:
    """The council-specific facts every page, plan and letter draws on."""

    fictional: bool
    council_name: str
    area_name: str
    council_website_url: str
    local_offer_url: str
    send_team_name: str
    send_team_email: str
    send_team_phone: str
    send_team_address: tuple[str, ...]
    sendiass: Organisation
    parent_carer_forum: Organisation
    mediation_service: Organisation
    short_breaks_statement_url: str
    home_to_school_transport_policy_url: str
    post16_transport_policy_url: str
    service_email: str
    service_phone: str
    service_response_days: int
    #: When the council last reviewed its Local Offer, and plans to next (None when not given).
    local_offer_reviewed: date | None = None
    local_offer_next_review: date | None = None


def content_terms(locality: Locality) -> dict[str, str]:
    """The council's words that question and action text may use as {council}, {area} and so on."""
    return {
        "council": locality.council_name,
        "area": locality.area_name,
        "sendiass": locality.sendiass.name,
        "send_team": locality.send_team_name,
        "forum": locality.parent_carer_forum.name,
        "mediation_service": locality.mediation_service.name,
        "local_offer_url": locality.local_offer_url,
        "sendiass_url": locality.sendiass.url,
        "forum_url": locality.parent_carer_forum.url,
        "mediation_url": locality.mediation_service.url,
        "short_breaks_statement_url": locality.short_breaks_statement_url,
        "home_to_school_transport_policy_url": locality.home_to_school_transport_policy_url,
        "post16_transport_policy_url": locality.post16_transport_policy_url,
    }


def _review_dates(document: Any, council: dict[str, Any]) -> dict[str, date | None]:
    """The Local Offer review dates, each a real date (else a problem naming its line)."""
    found: dict[str, date | None] = {}
    problems = []
    for name in ("local_offer_reviewed", "local_offer_next_review"):
        value = council.get(name)
        try:
            found[name] = None if value is None else date.fromisoformat(str(value))
        except ValueError:
            line = document.line_of(("council", name))
            problems.append(ContentError(document.file, line, f"{name} must be a real date"))
    if problems:
        raise ContentProblems(problems, "The council profile")
    return found


def _organisation(data: dict[str, Any]) -> Organisation:
    return Organisation(
        name=data["name"],
        url=data["url"],
        description=" ".join(str(data.get("description", "")).split()),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
    )


def load_locality(path: Path) -> Locality:
    """Load and validate the profile; raise ContentProblems naming every bad field."""
    document = load_yaml_file(path, display_name=path.name)
    problems = validate(document, SCHEMA_FILE)
    if problems:
        raise ContentProblems(problems, "The council profile")
    data = document.data
    council, team, contact = data["council"], data["send_team"], data["service_contact"]
    return Locality(
        fictional=bool(data.get("fictional", False)),
        council_name=council["name"],
        area_name=council["area_name"],
        council_website_url=council.get("website_url", council["local_offer_url"]),
        local_offer_url=council["local_offer_url"],
        send_team_name=team["name"],
        send_team_email=team["email"],
        send_team_phone=team.get("phone", ""),
        send_team_address=tuple(team["postal_address"]),
        sendiass=_organisation(data["sendiass"]),
        parent_carer_forum=_organisation(data["parent_carer_forum"]),
        mediation_service=_organisation(data["mediation_service"]),
        short_breaks_statement_url=data["short_breaks_statement_url"],
        home_to_school_transport_policy_url=data["home_to_school_transport_policy_url"],
        post16_transport_policy_url=data["post16_transport_policy_url"],
        service_email=contact["email"],
        service_phone=contact.get("phone", ""),
        service_response_days=int(contact.get("response_days", 5)),
        **_review_dates(document, council),
    )
