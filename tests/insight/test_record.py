"""The anonymous record's shape: option values only (free text cannot get in), an age band, a month."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

from wizard.core.insight import NOT_ANSWERED, AnonymousPlan, age_band, anonymous_plan
from wizard.core.pathway import Pathway


def test_age_bands():
    assert [age_band(a) for a in (0, 4, 5, 10, 11, 15, 16, 18, 19, 25, None)] == [
        "0 to 4", "0 to 4", "5 to 10", "5 to 10", "11 to 15", "11 to 15",
        "16 to 18", "16 to 18", "19 to 25", "19 to 25", "Not known",
    ]  # fmt: skip


def test_only_option_values_reach_the_record(app):
    graph = app.extensions["content"].graph
    answers = {
        "setting": "Sam goes to St Mary's",  # not an option: free text is dropped
        "needs_areas": ["cognition_learning", "Sam Smith, 12 High Street"],
        "ehc_status": "plan_issued",
        "first_name": "Sam",
        "birth_month": "2016-03",
        "needs_description": "Sam finds noise hard",
    }
    pathway = Pathway("v", date(2026, 11, 30), True, None, {"age": 10}, (), answers)
    record = anonymous_plan(graph, pathway, date(2026, 11, 30))

    assert record == AnonymousPlan(
        "2026-11", "5 to 10", NOT_ANSWERED, "plan_issued", ("cognition_learning",), (), ()
    )
    assert {f.name for f in fields(AnonymousPlan)} == {
        "month", "age_band", "setting", "ehc_status", "needs_areas", "actions", "unmet",
    }  # fmt: skip
    assert "Sam" not in repr(record) and "2016" not in repr(record)


def test_the_ehc_status_question_is_in_the_real_graph(app):
    from wizard.core.insight import EHC_STATUS

    assert app.extensions["content"].graph.nodes[EHC_STATUS].option_values
