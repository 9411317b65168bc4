"""The pathway API and CLI contract (questions/spec/pathway-api.md), including bad input."""

from __future__ import annotations

import json
import logging

import pytest

from tests.support.personas import PERSONAS
from wizard.dates import today_in_london

URL = "/api/v1/pathway"
YEAR_6 = next(p for p in PERSONAS if p.name == "EHC plan in Year 6")
BUSY = next(p for p in PERSONAS if p.name.startswith("busy family"))
WAITING = next(p for p in PERSONAS if p.name == "waiting to hear about an assessment")


def test_a_plan_has_the_contract_shape(client):
    response = client.post(URL, json={"answers": YEAR_6.answers, "as_of": "2026-11-30"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.json
    assert list(body) == [
        "graph_version",
        "as_of",
        "complete",
        "derived",
        "ignored",
        "notices",
        "actions",
        "next_steps",
    ]
    assert body["as_of"] == "2026-11-30" and body["complete"] is True
    assert body["derived"] == {
        "age": 10,
        "school_year": 6,
        "compulsory_school_age_ends": "2032-06-25",
    }
    action = next(a for a in body["actions"] if a["id"] == "phase-transfer")
    assert list(action) == [
        "id",
        "domain",
        "title",
        "summary",
        "why",
        "steps",
        "expect",
        "legal_basis",
        "deadlines",
        "eligibility",
        "services",
        "timing",
    ]
    assert isinstance(action["summary"], str) and action["summary"]
    assert action["expect"] and all(isinstance(line, str) and line for line in action["expect"])
    assert action["domain"] == "ehc" and action["eligibility"] is None and action["services"] == []
    assert action["deadlines"] == [
        {
            "id": "plan-amended-for-secondary",
            "date": "2027-02-15",
            "label": "The EHC plan must be changed to name the secondary school before this date",
            "passed": False,
            "if_passed": None,
        }
    ]
    assert "You told us your child has an EHC plan." in action["why"]


def test_the_plan_carries_its_notices(client):
    body = client.post(URL, json={"answers": YEAR_6.answers, "as_of": "2026-11-30"}).json
    [notice] = body["notices"]
    assert list(notice) == ["id", "title", "text", "checked"]
    assert notice["id"] == "reform-proposed" and notice["checked"] == "2026-12-02"
    assert isinstance(notice["title"], str) and notice["title"]
    assert notice["text"] and all(isinstance(p, str) and p for p in notice["text"])
    assert any("Every child achieving and thriving" in p for p in notice["text"])
    # shown on every plan, even one made from no answers
    assert [n["id"] for n in client.post(URL, json={"answers": {}}).json["notices"]] == [
        "reform-proposed"
    ]


def test_a_deadline_before_the_as_of_date_has_passed(client):
    def deadlines(as_of: str) -> list[tuple[str, bool, object]]:
        body = client.post(URL, json={"answers": WAITING.answers, "as_of": as_of}).json
        action = next(a for a in body["actions"] if a["id"] == "ehc-assessment-timeline")
        return [(d["id"], d["passed"], d["if_passed"]) for d in action["deadlines"]]

    assert deadlines("2026-11-30") == [
        ("decision-whether-to-assess", False, None),
        ("decision-whether-to-issue-plan", False, None),
        ("final-plan", False, None),
    ]
    assert [passed for _id, passed, _text in deadlines("2026-12-01")] == [True, False, False]
    assert [passed for _id, passed, _text in deadlines("2027-03-09")] == [True, True, True]


def test_passed_deadlines_keep_an_action_to_do_now_and_the_api_says_when(client):
    def timings(as_of: str) -> dict[str, str]:
        body = client.post(URL, json={"answers": BUSY.answers, "as_of": as_of}).json
        assert body["actions"][0]["id"] == "mediation-and-appeal"
        return {a["id"]: a["timing"] for a in body["actions"]}

    # the appeal dates are on 30 December 2026, the move on 31 March 2027
    before = timings("2026-11-30")
    assert (before["mediation-and-appeal"], before["phase-transfer"]) == ("now", "soon")
    # once the appeal dates have passed there may still be time to act: still "now"
    after = timings("2027-01-15")
    assert (after["mediation-and-appeal"], after["phase-transfer"]) == ("now", "soon")
    # within 8 weeks of the move it is "now" too
    assert timings("2027-02-10")["phase-transfer"] == "now"


def test_as_of_defaults_to_today_in_london(client):
    body = client.post(URL, json={"answers": {"respondent": "parent_carer"}}).json
    assert body["as_of"] == today_in_london().isoformat()
    assert body["complete"] is False


def test_answers_off_the_path_are_ignored(client):
    body = client.post(
        URL,
        json={"answers": {**YEAR_6.answers, "walking_distance_miles": 3}, "as_of": "2026-11-30"},
    ).json
    assert "walking_distance_miles" in body["ignored"]


def test_an_incomplete_set_stops_and_plans_from_what_was_answered(client):
    body = client.post(
        URL,
        json={
            "answers": {"respondent": "young_person", "lives_in_area": False},
            "as_of": "2026-11-30",
        },
    ).json
    assert body["complete"] is False
    assert {a["id"] for a in body["actions"]} == {
        "sendiass",
        "contact-home-authority",
        "transfer-of-rights",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The request body must be JSON."),
        (b"[1, 2]", "The request body must be a JSON object with an 'answers' object."),
        (b'{"answers": [1]}', "'answers' must be a JSON object of question ids and answers."),
        (
            b'{"as_of": "2026-11-30"}',
            "'answers' must be a JSON object of question ids and answers.",
        ),
        (
            b'{"answers": {}, "as_of": "30/11/2026"}',
            "'as_of' must be a date written as YYYY-MM-DD, like 2026-11-30.",
        ),
        (
            b'{"answers": {}, "as_of": "2026-02-30"}',
            "'as_of' must be a date written as YYYY-MM-DD, like 2026-11-30.",
        ),
        (
            b'{"answers": {}, "as_of": 20261130}',
            "'as_of' must be a date written as YYYY-MM-DD, like 2026-11-30.",
        ),
    ],
)
def test_400_for_a_body_that_is_not_a_request(client, body, message):
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"errors": [{"question": None, "message": message}]}


def test_413_for_a_body_over_the_limit(client):
    response = client.post(
        URL, data=b'{"answers": {"x": "' + b"a" * 70000 + b'"}}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json["errors"][0]["message"] == "The request body is too large."


def test_422_lists_every_bad_answer(client):
    answers = {
        "respondent": "grandparent",
        "lives_in_area": "yes",
        "birth_month": "2016-13",
        "needs_areas": ["not_sure", "sensory_physical"],
        "conditions": [],
        "walking_distance_miles": -1,
        "ehc_request_date": "2099-01-01",
        "colour": "red",
        "setting": "college",
    }
    response = client.post(URL, json={"answers": answers, "as_of": "2026-11-30"})
    assert response.status_code == 422
    errors = {error["question"]: error["message"] for error in response.json["errors"]}
    assert errors == {
        "respondent": "The answer to 'respondent' must be one of parent_carer, young_person or professional.",
        "lives_in_area": "The answer to 'lives_in_area' must be true or false.",
        "birth_month": "The answer to 'birth_month' must be a real month written as YYYY-MM, like 2016-03.",
        "needs_areas": "The answer to 'needs_areas' can only include 'not_sure' on its own.",
        "conditions": (
            "The answer to 'conditions' must be a list of one or more of autism, adhd, speech_language_difficulty, "
            "learning_disability, specific_learning_difficulty, hearing_impairment, visual_impairment, "
            "physical_disability, epilepsy, diabetes, other_medical_condition, mental_health_condition, "
            "awaiting_assessment or none, each once."
        ),
        "walking_distance_miles": "The answer to 'walking_distance_miles' must be 0 or more.",
        "ehc_request_date": "The answer to 'ehc_request_date' must not be after the as-of date.",
        "colour": "'colour' is not a question in this service.",
    }


def test_an_empty_optional_answer_is_refused(client):
    response = client.post(URL, json={"answers": {"first_name": ""}})
    assert response.json == {
        "errors": [
            {
                "question": "first_name",
                "message": "The answer to 'first_name' is empty: leave it out instead.",
            }
        ]
    }


def test_null_means_not_answered(client):
    body = client.post(
        URL, json={"answers": {"respondent": "parent_carer", "lives_in_area": None}}
    ).json
    assert body["complete"] is False


def test_nothing_sent_is_logged_or_stored(app, client, caplog):
    from tests.conftest import count_rows

    caplog.set_level(logging.DEBUG)
    before = count_rows(app)
    client.post(
        URL,
        json={
            "answers": {**YEAR_6.answers, "first_name": "Zebedee-Sentinel"},
            "as_of": "2026-11-30",
        },
    )
    client.post(URL, json={"answers": {"respondent": "Zebedee-Sentinel"}})
    assert "Zebedee-Sentinel" not in caplog.text
    assert count_rows(app) == before


def test_the_api_needs_no_csrf_token_and_sets_no_cookie(client):
    response = client.post(URL, json={"answers": {}})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("persona", PERSONAS[:12], ids=[p.name for p in PERSONAS[:12]])
def test_the_cli_prints_the_same_plan(client, runner, tmp_path, persona):
    request = {"answers": persona.answers, "as_of": persona.as_of.isoformat()}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(request))
    result = runner.invoke(args=["pathway", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.post(URL, json=request).json


def test_the_cli_as_of_option_wins(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": YEAR_6.answers, "as_of": "2020-01-01"}))
    result = runner.invoke(args=["pathway", str(path), "--as-of", "2026-11-30"])
    assert json.loads(result.output)["as_of"] == "2026-11-30"


def test_the_cli_reports_the_same_errors_and_exits_2(client, runner, tmp_path):
    request = {"answers": {"respondent": "grandparent", "colour": "red"}, "as_of": "2026-11-30"}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(request))
    result = runner.invoke(args=["pathway", str(path)])
    assert result.exit_code == 2
    same_bytes = client.post(URL, data=path.read_bytes(), content_type="application/json")
    assert json.loads(result.stderr) == same_bytes.json
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = runner.invoke(args=["pathway", str(bad)])
    assert result.exit_code == 2
    assert json.loads(result.stderr) == {
        "errors": [{"question": None, "message": "The request body must be JSON."}]
    }
    result = runner.invoke(args=["pathway", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "cannot be read" in result.stderr


# --- Inputs that once gave a 500 (issue 14) ------------------------------------------------------

NOT_UNICODE = (
    "The request body must be JSON text of real characters: it holds half of a surrogate pair "
    "(such as \\ud800) on its own."
)
TOO_DEEP = (
    "The request body has too many objects and lists inside each other: "
    "at most 20 levels are allowed."
)
AS_OF_MESSAGE = "'as_of' must be a date written as YYYY-MM-DD, like 2026-11-30."


@pytest.mark.parametrize(
    "body",
    [
        rb'{"answers": {"\ud800": "parent_carer"}}',  # a question id
        rb'{"answers": {"first_name": "Sam\udc00"}}',  # a text answer
        rb'{"answers": {"respondent": "\udfff"}}',  # a choice
        rb'{"answers": {"conditions": ["autism", "\ud83d"]}}',  # in a list
        rb'{"\ud800": 1, "answers": {}}',  # a key outside the answers
        b'{"answers": {"first_name": "Sam\xed\xa0\x80"}}',  # a surrogate's UTF-8 bytes
    ],
    ids=["key", "text", "choice", "list", "top-level key", "raw bytes"],
)
def test_a_lone_surrogate_anywhere_is_a_400_not_a_500(client, body):
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"errors": [{"question": None, "message": NOT_UNICODE}]}


def test_a_surrogate_pair_is_an_ordinary_character(client):
    body = rb'{"answers": {"first_name": "Sam \ud83d\ude00"}, "as_of": "2026-11-30"}'
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize("depth", [21, 100, 5000, 30000])
def test_deeply_nested_json_is_refused_before_parsing(client, depth):
    body = b'{"answers": {"x": ' + b"[" * (depth - 2) + b"]" * (depth - 2) + b"}}"
    assert len(body) <= 65536
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"errors": [{"question": None, "message": TOO_DEEP}]}


def test_unclosed_nesting_is_refused_too(client):
    response = client.post(
        URL, data=b'{"answers": ' + b"[" * 60000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["errors"][0]["message"] == TOO_DEEP


def test_brackets_inside_strings_do_not_count_as_nesting(client):
    text = '[{\\"' * 40
    body = ('{"answers": {"child_strengths": "' + text + '"}, "as_of": "2026-11-30"}').encode()
    response = client.post(URL, data=body, content_type="application/json")
    assert response.status_code == 200, response.json
    twenty = b'{"answers": {"x": ' + b"[" * 18 + b"]" * 18 + b"}}"
    assert client.post(URL, data=twenty, content_type="application/json").status_code == 422


@pytest.mark.parametrize(
    "as_of", ["2026-W48-1", "2026W481", "20261130", "2026-334", "2026-11-30T00:00", "2026-11-3 "]
)
def test_as_of_takes_only_yyyy_mm_dd(client, as_of):
    response = client.post(URL, json={"answers": {}, "as_of": as_of})
    assert response.status_code == 400
    assert response.json == {"errors": [{"question": None, "message": AS_OF_MESSAGE}]}


def test_the_cli_refuses_the_same_as_of(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {}, "as_of": "2026-W48-1"}))
    result = runner.invoke(args=["pathway", str(path)])
    assert result.exit_code == 2
    assert json.loads(result.stderr)["errors"][0]["message"] == AS_OF_MESSAGE


def test_the_cli_refuses_deep_nesting_even_with_as_of(runner, tmp_path):
    path = tmp_path / "answers.json"
    path.write_bytes(b'{"answers": {"x": ' + b"[" * 5000 + b"]" * 5000 + b"}}")
    for extra in ([], ["--as-of", "2026-11-30"]):
        result = runner.invoke(args=["pathway", str(path), *extra])
        assert result.exit_code == 2, result.output
        assert json.loads(result.stderr)["errors"][0]["message"] == TOO_DEEP


def chunked(client, body: bytes, path: str = URL, content_type: str = "application/json"):
    """POST `body` as a server that decodes chunked requests hands it on: no Content-Length."""
    import io

    return client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_gets_413(client):
    response = chunked(client, b'{"answers": {"x": "' + b"a" * 70000 + b'"}}')
    assert response.status_code == 413
    assert response.json == {
        "errors": [{"question": None, "message": "The request body is too large."}]
    }


def test_a_chunked_body_within_the_limit_is_read_whole(client):
    padding = " " * (65536 - 200)
    body = json.dumps({"answers": YEAR_6.answers, "as_of": "2026-11-30"}).encode()
    body = body[:-1] + padding.encode()[: 65536 - len(body)] + b"}"
    assert len(body) == 65536
    response = chunked(client, body)
    assert response.status_code == 200
    assert response.json["complete"] is True


def test_a_chunked_body_that_breaks_off_is_never_read_as_a_shorter_one(client):
    import io

    class BreaksOff(io.RawIOBase):
        sent = False

        def readable(self):
            return True

        def tell(self):  # the test client asks where the body starts
            return 0

        def seek(self, *_):
            return 0

        def readinto(self, buffer):
            if self.sent:
                raise OSError("connection reset")
            self.sent = True
            part = json.dumps({"answers": {}, "as_of": "2026-11-30"}).encode()
            buffer[: len(part)] = part
            return len(part)

    response = client.post(
        URL,
        input_stream=BreaksOff(),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 400
    assert response.json["errors"][0]["question"] is None


def test_a_chunked_form_over_the_limit_gets_the_413_page(client):
    response = chunked(
        client,
        b"child_strengths=" + b"a" * 70000,
        path="/questions/child_strengths",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "What you sent is too long" in response.get_data(as_text=True)


def test_a_chunked_body_over_the_limit_gets_413_from_a_real_server(app):
    import http.client

    from tests.support.live_server import serve

    with serve(app) as base:
        port = int(base.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        chunks = (b'{"answers": {"x": "', b"a" * 40000, b"a" * 40000, b'"}}')
        connection.request(
            "POST",
            URL,
            body=iter(chunks),
            headers={"Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["errors"][0]["message"] == (
            "The request body is too large."
        )
        connection.close()
