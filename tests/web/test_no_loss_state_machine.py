"""No lost or overwritten answers, whatever order two tabs, Back, resubmits and reloads come in."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.conftest import app_config
from tests.support.databases import migrated_sqlite_template
from tests.support.pages import csrf_token, parse
from wizard.app import create_app
from wizard.storage.assessments import all_records

TEMPLATE = migrated_sqlite_template(Path(tempfile.mkdtemp()) / "template.db")
PAGES = {
    "respondent": ["parent_carer", "young_person", "professional"],
    "lives_in_area": ["yes", "no"],
}
AS_STORED = {"yes": True, "no": False}


class TwoTabs(RuleBasedStateMachine):
    """A family with two tabs open on the same answers."""

    @initialize()
    def open_service(self):
        self.folder = Path(tempfile.mkdtemp())
        shutil.copyfile(TEMPLATE, self.folder / "wizard.db")
        self.app = create_app(app_config(f"sqlite:///{self.folder}/wizard.db"))
        self.client = self.app.test_client()
        self.tabs: dict[int, dict] = {}
        self.model: dict[str, object] = {}
        self.versions: dict[str, int] = {"respondent": 1}
        self.seen_by_tab: dict[int, int] = {}
        page = self.client.get("/questions/respondent")
        self.client.post(
            "/questions/respondent",
            data={
                "csrf_token": csrf_token(page),
                "answer_version": "0",
                "respondent": "parent_carer",
            },
        )
        self.model["respondent"] = "parent_carer"

    def teardown(self):
        self.app.extensions["db_engine"].dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def stored(self) -> dict:
        with self.app.extensions["db_sessionmaker"]() as session:
            [record] = all_records(session, self.app.extensions["sealer"])
            return dict(record.answers)

    @rule(tab=st.sampled_from([1, 2]), node=st.sampled_from(sorted(PAGES)))
    def load_page(self, tab, node):
        """Open (or reload, or go Back to) a page in a tab."""
        response = self.client.get(f"/questions/{node}")
        if response.status_code != 200:
            return  # not reachable yet: the service redirected
        page = parse(response)
        self.tabs[tab] = {
            "node": node,
            "version": page.select_one("input[name=answer_version]")["value"],
            "token": csrf_token(response),
        }
        self.seen_by_tab[tab] = self.versions.get(node, 0)
        assert int(self.tabs[tab]["version"]) == self.seen_by_tab[tab]

    @precondition(lambda self: bool(getattr(self, "tabs", None)))
    @rule(data=st.data())
    def submit(self, data):
        """Send an answer from a tab, however stale its page is (a resubmit sends the same again)."""
        tab = data.draw(st.sampled_from(sorted(self.tabs)))
        state = self.tabs[tab]
        node = state["node"]
        choice = data.draw(st.sampled_from(PAGES[node]))
        value = AS_STORED.get(choice, choice)
        before = self.model.get(node)
        response = self.client.post(
            f"/questions/{node}",
            data={"csrf_token": state["token"], "answer_version": state["version"], node: choice},
        )
        changed_elsewhere = self.seen_by_tab[tab] != self.versions.get(node, 0)
        if response.status_code == 409:
            assert changed_elsewhere and value != before, (
                "a conflict was reported where none existed"
            )
            return
        assert response.status_code == 302
        assert not (changed_elsewhere and value != before), (
            "a newer answer was silently overwritten"
        )
        if value != before:
            self.versions[node] = self.versions.get(node, 0) + 1
        self.model[node] = value

    @invariant()
    def nothing_lost(self):
        if hasattr(self, "app"):
            stored = self.stored()
            for node, value in self.model.items():
                assert stored.get(node) == value


TwoTabs.TestCase.settings = settings(max_examples=40, stateful_step_count=20, deadline=None)
test_two_tabs_back_resubmit_reload = TwoTabs.TestCase
