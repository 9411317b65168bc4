"""Every ORUK 3.0 payload is recognised by its shape: only services become services, an
organisation's services and a service_at_location's service import, and the rest is stored as what
it is (an organisation, a taxonomy, a term) or said to hold nothing to import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import count_rows
from tests.support.directory import ORUK_SPEC, import_into
from wizard.storage.directory_models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

OURS = Path(__file__).parent.parent / "fixtures" / "oruk"
SPEC = ORUK_SPEC / "examples"
SERVICE_ID = "5b1c3a52-0d6e-4e1f-8f0a-1a2b3c4d5e20"


def _load(path: Path) -> object:
    return json.loads(path.read_text())


def _rows(app, model):
    with app.extensions["db_sessionmaker"]() as session:
        return list(session.scalars(select(model)))


@pytest.mark.parametrize(
    ("path", "organizations", "taxonomies", "terms"),
    [
        (OURS / "organization.json", 1, 0, 0),
        (OURS / "organization_list.json", 2, 0, 0),
        (OURS / "taxonomy.json", 0, 1, 2),
        (OURS / "taxonomy_list.json", 0, 2, 0),
        (OURS / "taxonomy_term.json", 0, 1, 1),
        (OURS / "taxonomy_term_list.json", 0, 1, 3),
        (SPEC / "v3-taxonomy_term_list.json", 0, 0, 1),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_organisations_taxonomies_and_terms_never_become_services(
    any_app, path, organizations, taxonomies, terms
):
    summary = import_into(any_app, str(path))

    assert summary.complete and not summary.rejected, summary.report()
    rows = count_rows(any_app)
    assert rows["dir_service"] == 0
    assert rows["dir_organization"] == organizations
    assert rows["dir_taxonomy"] == taxonomies
    assert rows["dir_taxonomy_term"] == terms
    assert (summary.created, summary.updated) == (0, 0)


def test_a_taxonomy_is_stored_with_its_terms_linked_to_it(any_app):
    import_into(any_app, str(OURS / "taxonomy.json"))

    [taxonomy] = _rows(any_app, Taxonomy)
    assert (taxonomy.name, taxonomy.uri, taxonomy.version) == (
        "Demo Local Offer",
        "https://localoffer.example/terms",
        "2026",
    )
    terms = _rows(any_app, TaxonomyTerm)
    assert {term.name for term in terms} == {"Early years", "Short breaks"}
    assert {term.taxonomy_id for term in terms} == {taxonomy.id}


def test_an_organisation_list_stores_the_organisations_as_they_are(any_app):
    summary = import_into(any_app, str(OURS / "organization_list.json"))

    names = {org.name: org.website for org in _rows(any_app, Organization)}
    assert names == {
        "Demo Borough Play Trust (fictional)": "https://playtrust.example",
        "Demo Parent Carer Forum (fictional)": "https://forum.example",
    }
    assert "  2 organisations and 0 taxonomies read" in summary.report()


def test_the_api_details_document_is_recognised_and_imports_nothing(any_app):
    summary = import_into(any_app, str(OURS / "api_details.json"))

    assert summary.complete and summary.version == "3.0"
    assert summary.passed_over == [
        (
            "api_details.json",
            "/",
            "the API's details document (version 'HSDS-UK-3.0'): no services",
        )
    ]
    assert sum(count_rows(any_app).values()) == 0


def test_an_organisations_services_import_with_the_organisation(any_app):
    summary = import_into(any_app, str(SPEC / "v3-organization_full.json"))

    assert (summary.created, summary.organizations) == (1, 1), summary.report()
    [service] = _rows(any_app, Service)
    [organization] = _rows(any_app, Organization)
    assert service.organization_id == organization.id
    assert organization.name == "Example Organization Inc."


def test_a_service_at_location_imports_its_service_at_that_place(any_app):
    summary = import_into(any_app, str(OURS / "service_at_location.json"))

    assert (summary.created, summary.rejected) == (1, []), summary.report()
    [service] = _rows(any_app, Service)
    assert (service.id, service.name) == (SERVICE_ID, "Sensory play sessions (fictional)")
    [link] = _rows(any_app, ServiceAtLocation)
    assert (link.id, link.service_id) == ("5b1c3a52-0d6e-4e1f-8f0a-1a2b3c4d5e50", SERVICE_ID)
    [place] = _rows(any_app, Location)
    assert (place.name, place.postal_code) == ("Demotown Play Barn", "DM2 1AA")


def test_a_service_at_location_list_gives_a_service_every_place_listed(any_app):
    summary = import_into(any_app, str(OURS / "service_at_location_list.json"))

    assert summary.created == 1 and not summary.duplicates, summary.report()
    links = _rows(any_app, ServiceAtLocation)
    assert {link.location_id for link in links} == {
        "5b1c3a52-0d6e-4e1f-8f0a-1a2b3c4d5e10",
        "5b1c3a52-0d6e-4e1f-8f0a-1a2b3c4d5e12",
    }


def test_a_service_at_location_adds_its_place_to_a_services_other_places(any_app, tmp_path):
    import_into(any_app, str(SPEC / "v3-service_full.json"))
    located = _load(OURS / "service_at_location.json")
    assert isinstance(located, dict)
    located["service"]["id"] = "ac148810-d857-441c-9679-408f346de14b"  # the spec's service
    path = tmp_path / "located.json"
    path.write_text(json.dumps(located))

    summary = import_into(any_app, str(path))

    assert summary.updated == 1, summary.report()
    places = {link.location_id for link in _rows(any_app, ServiceAtLocation)}
    assert places == {"3a19ff88-4620-4d17-9830-ac1d859eb5d5", located["location"]["id"]}


@pytest.mark.parametrize("name", ["v3-service_full.json", "v3-service_list.json"])
def test_the_standards_service_examples_import_one_service(any_app, name):
    summary = import_into(any_app, str(SPEC / name))

    assert summary.complete and not summary.rejected, summary.report()
    assert count_rows(any_app)["dir_service"] == 1


def test_items_whose_keys_do_not_say_what_they_are_are_reported_not_imported(any_app, tmp_path):
    path = tmp_path / "unclear.json"
    path.write_text(json.dumps([{"id": "x1", "name": "A name", "description": "Anything"}]))

    summary = import_into(any_app, str(path))

    assert count_rows(any_app)["dir_service"] == 0
    [(label, item_id, reason)] = summary.passed_over
    assert (label, item_id) == ("unclear.json", "x1")
    assert reason.startswith("not recognisably a service")
    assert "  1 items not imported:" in summary.report()


def test_a_bare_term_in_a_list_of_terms_is_a_term(any_app):
    import_into(any_app, str(OURS / "taxonomy_term_list.json"))

    names = {term.name for term in _rows(any_app, TaxonomyTerm)}
    assert "Bare term" in names and count_rows(any_app)["dir_service"] == 0
