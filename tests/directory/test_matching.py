"""Matching: each plan action lists the directory services mapped to it that fit the child (age,
conditions, needs areas; in-area first), in the API, the CLI, the plan page and the PDF.
The rules one by one are in test_plan_matching.py."""

from __future__ import annotations

import json
import re

from tests.documents.test_downloads import pdf_text
from tests.support.directory import demo_service, load_demo
from tests.support.pages import parse, text_of
from tests.support.personas import PERSONAS
from tests.support.web_journey import complete_journey

YEAR_6 = next(p for p in PERSONAS if p.name == "EHC plan in Year 6")
#: The same family, with a child diagnosed autistic.
AUTISTIC = {**YEAR_6.answers, "conditions": ["autism"]}
URL = "/api/v1/pathway"


def plan_for(client, persona, answers=None):
    body = {"answers": answers or persona.answers, "as_of": persona.as_of.isoformat()}
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {action["id"]: action for action in response.get_json()["actions"]}


def test_services_fit_the_childs_age_conditions_and_needs(demo_client):
    # A 10-year-old with an EHC plan, moving school, with cognition and learning needs.
    actions = plan_for(demo_client, YEAR_6)

    services = actions["phase-transfer"]["services"]

    # The autism and sensory schools are for children with those conditions: not this child.
    assert [s["name"] for s in services] == ["Oakfield Special School", "Demotown Primary School"]
    assert services[0] == {
        "id": demo_service("oakfield-special-school"),
        "name": "Oakfield Special School",
        "url": f"/services/{demo_service('oakfield-special-school')}",
    }
    autistic = plan_for(demo_client, YEAR_6, AUTISTIC)
    assert [s["name"] for s in autistic["phase-transfer"]["services"]] == [
        "Riverside Primary autism resource base",
        "Northfield Special School",
        "Oakfield Special School",
        "Demotown Primary School",
    ]
    every = [s["name"] for action in actions.values() for s in action["services"]]
    assert "Portage home visiting" not in every  # ages 0 to 3
    assert "Supported internships" not in every  # ages 16 to 24


def test_every_action_mapped_in_the_directory_gets_services(demo_client):
    actions = plan_for(demo_client, YEAR_6)

    assert actions["sendiass"]["services"][0]["name"] == "SENDIASS advice line"
    assert all(len(a["services"]) <= 5 for a in actions.values())
    assert sum(bool(a["services"]) for a in actions.values()) >= len(actions) - 2


def test_without_a_directory_the_services_are_empty(client):
    assert all(a["services"] == [] for a in plan_for(client, YEAR_6).values())


def test_inactive_and_closed_services_are_not_offered(demo_app):
    from sqlalchemy import update

    from wizard.storage.directory_models import Service

    with demo_app.extensions["db_sessionmaker"]() as session, session.begin():
        session.execute(
            update(Service)
            .where(Service.id == demo_service("demotown-primary"))
            .values(status="defunct")
        )

    names = [
        s["name"] for s in plan_for(demo_app.test_client(), YEAR_6)["phase-transfer"]["services"]
    ]

    assert "Demotown Primary School" not in names


def test_the_cli_fills_services_as_the_api_does(demo_app, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": YEAR_6.answers, "as_of": YEAR_6.as_of.isoformat()}))

    result = demo_app.test_cli_runner().invoke(args=["pathway", str(path)])

    assert result.exit_code == 0, result.output
    printed = {a["id"]: a for a in json.loads(result.output)["actions"]}
    assert (
        printed["phase-transfer"]["services"]
        == plan_for(demo_app.test_client(), YEAR_6)["phase-transfer"]["services"]
    )


def test_the_plan_page_and_pdf_list_services_with_contact_details(make_app):
    app = make_app(FIXED_NOW=YEAR_6.as_of.isoformat())
    load_demo(app)
    client = app.test_client()
    complete_journey(client, AUTISTIC)

    page = parse(client.get("/plan/"))
    card = page.select_one("#action-phase-transfer").find_parent("section")
    heading = card.find(string=re.compile("Services in the Local Offer")).find_parent()
    items = [text_of(li) for li in heading.find_next_sibling("ul").select("li")]
    assert any(
        item.startswith("Northfield Special School (outside Demo Borough), telephone 020 7946 0546")
        for item in items
    ), items
    link = card.find("a", string="Demotown Primary School")
    assert link["href"] == f"/services/{demo_service('demotown-primary')}"
    more = next(
        a for a in card.select("a") if text_of(a).startswith("Find more services like these")
    )
    found = parse(client.get(more["href"]))
    assert "Oakfield Special School" in text_of(found.select_one(".app-results"))

    text = pdf_text(client.get("/plan/plan.pdf").data)
    assert "Services in the Local Offer that may help" in text
    assert (
        "Demotown Primary School, telephone 020 7946 0541, email office@demotown-primary.example"
        in text
    )


def test_a_plan_is_still_made_when_the_directory_cannot_be_read(tmp_path):
    """`flask pathway` on a database never migrated: the plan, with no services, and no traceback."""
    from tests.conftest import app_config
    from wizard.app import create_app

    app = create_app(app_config(f"sqlite:///{tmp_path}/empty.db"))
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": YEAR_6.answers, "as_of": YEAR_6.as_of.isoformat()}))

    result = app.test_cli_runner().invoke(args=["pathway", str(path)])

    assert result.exit_code == 0, result.output
    actions = json.loads(result.output)["actions"]
    assert actions and all(action["services"] == [] for action in actions)
    app.extensions["db_engine"].dispose()
