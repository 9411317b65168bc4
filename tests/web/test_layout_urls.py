"""The layout writes its links out literally (for speed): they must match the app's routes."""

from __future__ import annotations

from flask import url_for


def test_literal_links_in_the_layout_match_the_routes(app):
    with app.test_request_context():
        assert url_for("pages.start") == "/"
        assert url_for("feedback.give_feedback") == "/feedback"
        assert url_for("pages.accessibility") == "/accessibility-statement"
        assert url_for("pages.privacy") == "/privacy"
        assert url_for("pages.cookies") == "/cookies"
        assert url_for("pages.contact") == "/contact"
        assert url_for("static", filename="app.css") == "/static/app.css"
        assert (
            url_for("govuk_assets.static", filename="govuk-frontend.min.css")
            == "/assets/govuk-frontend.min.css"
        )


def test_fixed_question_pages_cannot_clash_with_question_ids(app):
    fixed = [
        rule.rule.removeprefix("/questions/")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/questions/")
        and "<node_id>" not in rule.rule
        and rule.rule != "/questions/"
    ]
    assert fixed, "no fixed pages found"
    for name in fixed:
        assert "-" in name or "/" in name, f"/questions/{name} could be taken by a question id"
