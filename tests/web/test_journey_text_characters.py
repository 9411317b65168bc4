"""Invisible control characters in text answers are left out as the answer is saved (issue 14).

They come in with pasted text (from a PDF, a spreadsheet or an old system), no one can see them
or type them on purpose, and the Word letter cannot hold them. So they are removed without a
message: there is nothing a parent could do about characters they cannot see. The answer shown
back on the page and on check your answers is exactly what was kept.
"""

from __future__ import annotations

import pytest

from tests.support.pages import csrf_token, error_summary, parse
from tests.support.personas import LETTER_FAMILY
from tests.support.web_journey import path_of, seed


def post(client, node_id: str, value: str):
    page = client.get(f"/questions/{node_id}")
    version = parse(page).select_one("input[name=answer_version]")["value"]
    return client.post(
        f"/questions/{node_id}",
        data={"csrf_token": csrf_token(page), "answer_version": version, node_id: value},
    )


def shown(client, node_id: str) -> str:
    page = parse(client.get(f"/questions/{node_id}"))
    field = page.select_one(f"#{node_id}")
    return field.get_text() if field.name == "textarea" else field.get("value", "")


@pytest.mark.parametrize(
    ("node_id", "typed", "kept"),
    [
        ("first_name", "Sam\x01", "Sam"),
        ("first_name", "\x1b[1mSam", "[1mSam"),  # the visible part of a pasted escape stays
        ("child_strengths", "Loves\x01 trains\x1b and\ufffe music\uffff", "Loves trains and music"),
        ("child_strengths", "Lego\x00 and\x7f swimming\x9f", "Lego and swimming"),
        ("child_strengths", "Lego\x0bswimming\x0cdrawing", "Lego\nswimming\ndrawing"),
        ("child_strengths", "Lego\r\nswimming\rdrawing\ttoo", "Lego\nswimming\ndrawing\ttoo"),
    ],
)
def test_invisible_characters_are_left_out_and_the_rest_saved(client, node_id, typed, kept):
    seed(client, LETTER_FAMILY, upto=node_id)

    response = post(client, node_id, typed)

    assert response.status_code == 302, error_summary(response)
    assert shown(client, node_id).strip("\n") == kept


def test_the_length_limit_counts_what_is_kept(client):
    seed(client, LETTER_FAMILY, upto="first_name")
    response = post(client, "first_name", "S" * 50 + "\x01" * 20)
    assert response.status_code == 302, error_summary(response)
    assert shown(client, "first_name") == "S" * 50
    too_long = post(client, "first_name", "S" * 51 + "\x01")
    assert error_summary(too_long) == ["First name must be 50 characters or less"]


def test_an_answer_of_only_invisible_characters_is_no_answer(client):
    seed(client, LETTER_FAMILY, upto="child_strengths")
    response = post(client, "child_strengths", "\x01\x1b\ufffe")
    assert response.status_code == 302, error_summary(response)
    assert path_of(response.headers["Location"]) == "/questions/needs_description"
    assert shown(client, "child_strengths") == ""


def test_the_api_takes_the_same_answer(client):
    response = client.post(
        "/api/v1/pathway",
        json={"answers": {"first_name": "Sam\x01\x1b\ufffe"}, "as_of": "2026-11-30"},
    )
    assert response.status_code == 200
    only = client.post(
        "/api/v1/pathway", json={"answers": {"first_name": "\x01"}, "as_of": "2026-11-30"}
    )
    assert only.status_code == 422
    assert only.json["errors"] == [
        {
            "question": "first_name",
            "message": "The answer to 'first_name' is empty: leave it out instead.",
        }
    ]
