"""Matching: each plan action lists the directory services mapped to it that fit the child's age,
in-area first, in the API, the CLI, the plan page and the PDF."""

from __future__ import annotations

import json

from tests.documents.test_downloads import pdf_text
from tests.support.directory import demo_service, load_demo
from tests.support.pages import parse, text_of
from tests.support.personas import PERSONAS
from tests.support.web_journey import complete_journey

YEAR_6 = next(p for p in PERSONAS if p.name == "EHC plan in Year 6")
URL = "/api/v1/pathway"


def plan_for(client, persona):
    body = {"answers": persona.answers, "as_of": persona.as_of.isoformat()}
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {action["id"]: action for action in response.get_json()["actions"]}


def test_services_fit_the_childs_age_with_in_area_first(demo_client):
    actions = plan_for(demo_client, YEAR_6)  # a 10-year-old with an EHC plan, moving school

    services = actions["phase-transfer"]["services"]

    assert [s["name"] for s in services] == [
        "Demotown Primary School",
        "Oakfield Special School",
        "Riverside Primary autism resource base",
        "Northfield Special School",
        "Westvale Sensory School",
    ]
    assert services[0] == {
        "id": demo_service("demotown-primary"),
        "name": "Demotown Primary School",
        "url": f"/services/{demo_service('demotown-primary')}",
    }
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
    complete_journey(client, YEAR_6.answers)

    page = parse(client.get("/plan/"))
    card = page.select_one("#action-phase-transfer").find_parent("section")
    items = [text_of(li) for li in card.select("h4 + ul li")]
    assert "Northfield Special School (outside Demo Borough), telephone 020 7946 0546" in items
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
