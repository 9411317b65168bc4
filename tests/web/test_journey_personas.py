"""Every persona driven through the web journey gets the same plan as the API gives."""

from __future__ import annotations

import pytest

from tests.support.pages import parse, text_of
from tests.support.personas import PERSONAS
from tests.support.personas_extra import EXTRA_PERSONAS
from tests.support.web_journey import complete_journey


@pytest.mark.parametrize(
    "persona", PERSONAS + EXTRA_PERSONAS, ids=[p.name for p in PERSONAS + EXTRA_PERSONAS]
)
def test_the_plan_page_shows_the_same_actions_as_the_api(make_app, persona):
    app = make_app(FIXED_NOW=persona.as_of.isoformat())
    client = app.test_client()
    complete_journey(client, persona.answers)
    page = parse(client.get("/plan/"))
    headings = page.select(".app-action > [id^=action-]")
    shown = [heading["id"].removeprefix("action-") for heading in headings]
    api = client.post(
        "/api/v1/pathway", json={"answers": persona.answers, "as_of": persona.as_of.isoformat()}
    ).json
    # the same actions in the same order: the order is decided once, in the core
    assert shown == [action["id"] for action in api["actions"]]
    titles = [text_of(h) for h in headings]
    assert titles == [action["title"] for action in api["actions"]]
