"""Sources: each JSON document is recognised by its shape; folders and big files are batched."""

from __future__ import annotations

import json

import pytest

from tests.support.directory import ORUK_SPEC
from wizard.directory.feeds import Batch, FeedProblem, Limits, read_source, split_document

EXAMPLES = ORUK_SPEC / "examples"


@pytest.mark.parametrize(
    ("name", "services", "terms"),
    [
        ("v3-service_full.json", 1, 0),
        ("v3-service_list.json", 128, 0),
        ("v3-organization_full.json", 1, 0),
        ("v3-taxonomy_term_list.json", 0, 1),
    ],
)
def test_every_spec_example_is_recognised(name, services, terms):
    batch = split_document(json.loads((EXAMPLES / name).read_text()), name)

    assert isinstance(batch, Batch)
    assert (len(batch.services), len(batch.terms), batch.version) == (services, terms, "3.0")


def test_services_inside_an_organization_keep_their_organization():
    batch = split_document(json.loads((EXAMPLES / "v3-organization_full.json").read_text()), "org")

    assert isinstance(batch, Batch)
    _service, organization = batch.services[0]
    assert organization is not None and organization["name"] == "Example Organization Inc."


def test_a_v1_page_is_recognised_by_its_shape():
    batch = split_document({"totalElements": 0, "content": [{"id": "1", "name": "x"}]}, "p")

    assert isinstance(batch, Batch) and batch.version == "1.0"


def test_a_document_of_another_kind_is_a_problem_not_a_crash():
    assert isinstance(split_document({"hello": "world"}, "x.json"), FeedProblem)
    assert isinstance(split_document("text", "x.json"), FeedProblem)


def test_a_folder_is_read_file_by_file_and_a_broken_file_is_reported(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "1", "name": "One", "status": "active"}]))
    (tmp_path / "b.json").write_text("{not json")
    (tmp_path / "notes.txt").write_text("ignored")

    found = list(read_source(str(tmp_path), Limits()))

    assert [type(item).__name__ for item in found] == ["Batch", "FeedProblem"]
    assert found[1] == FeedProblem("b.json", "the file is not valid JSON")


def test_a_big_file_is_split_into_batches(tmp_path):
    services = [{"id": str(n), "name": f"S{n}", "status": "active"} for n in range(7)]
    (tmp_path / "big.json").write_text(json.dumps({"contents": services}))

    batches = [b for b in read_source(str(tmp_path / "big.json"), Limits(), chunk=3) if b.services]

    assert [len(b.services) for b in batches] == [3, 3, 1]
    assert batches[0].label == "big.json records 1-3"


def test_missing_paths_and_other_schemes_are_reported():
    assert next(iter(read_source("/no/such/file.json", Limits()))).message == (
        "there is no file or folder with this name"
    )
    assert "only files, folders" in next(iter(read_source("ftp://example.com/x", Limits()))).message
