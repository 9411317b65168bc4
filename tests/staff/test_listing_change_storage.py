"""wizard/storage/listing_changes on its own: a change is decided or withdrawn once, whichever comes
first; phones are written in the provider's order, a number still listed keeping its id and a new
one getting an id never listed; a change sent before every phone was editable (one "phone" field)
is still compared and approved as the provider meant it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.support.directory import demo_service, load_demo
from tests.support.providers import SENDIASS, make_provider
from tests.support.staff import make_staff
from wizard.storage import directory as store
from wizard.storage import listing_changes
from wizard.storage.directory_models import Phone, Service
from wizard.storage.staff_models import ListingChange, User

ADVICE_LINE = demo_service("sendiass-advice-line")
SECOND = "e0000000-0000-4000-8000-000000000002"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def ready(app):
    """The demo directory, a second number of the advice line's own, a provider and an editor."""
    load_demo(app)
    provider = make_provider(app, "pat.provider@demo.example", "Pat Provider", SENDIASS)
    editor = make_staff(app, "ed.itor@demo.example", "Eddie Tor", "editor")
    with app.extensions["db_sessionmaker"]() as session:
        session.add(
            Phone(
                id=SECOND, service_id=ADVICE_LINE, number="020 7946 0210", description="Text only"
            )
        )
        session.commit()
    return app.extensions["db_sessionmaker"], provider.id, editor.id


def propose(session, provider_id, proposed):
    service = session.get(Service, ADVICE_LINE)
    values = {**listing_changes.current_values(session, service), **proposed}
    change = listing_changes.propose(session, service, session.get(User, provider_id), values, NOW)
    session.commit()
    return change


def own_phones(session):
    query = (
        select(Phone.number, Phone.description)
        .where(Phone.service_id == ADVICE_LINE, Phone.contact_id.is_(None))
        .order_by(*store.listed_order(Phone))
    )
    return [tuple(row) for row in session.execute(query)]


def test_a_withdrawn_change_cannot_then_be_approved_or_returned(ready):
    sessions, provider_id, editor_id = ready
    with sessions() as session:
        change = propose(session, provider_id, {"url": "https://advice.example/"})
        provider, editor = session.get(User, provider_id), session.get(User, editor_id)

        assert listing_changes.withdraw(session, change, provider, NOW) is True
        assert listing_changes.withdraw(session, change, provider, NOW) is False
        assert listing_changes.approve(session, change, editor, NOW, date(2026, 12, 3)) is False
        assert listing_changes.return_change(session, change, editor, "No", NOW) is False
        session.commit()

        assert change.status == listing_changes.WITHDRAWN
        assert change.decided_by == provider_id
        decided = change.decided_at  # SQLite gives it back without its zone
        assert (decided if decided.tzinfo else decided.replace(tzinfo=UTC)) == NOW
        assert session.get(Service, ADVICE_LINE).url != "https://advice.example/"
        assert listing_changes.pending_change(session, ADVICE_LINE) is None
        assert listing_changes.queue(session) == []


def test_an_approved_change_cannot_then_be_withdrawn(ready):
    sessions, provider_id, editor_id = ready
    with sessions() as session:
        change = propose(session, provider_id, {"url": "https://advice.example/"})
        editor, provider = session.get(User, editor_id), session.get(User, provider_id)
        assert listing_changes.approve(session, change, editor, NOW, date(2026, 12, 3))

        assert listing_changes.withdraw(session, change, provider, NOW) is False
        session.commit()
        assert session.get(ListingChange, change.id).status == listing_changes.APPROVED


def test_a_providers_change_is_found_only_for_their_own_organisation(ready):
    sessions, provider_id, _ = ready
    with sessions() as session:
        change = propose(session, provider_id, {"url": "https://advice.example/"})

        assert listing_changes.provider_change(session, SENDIASS, change.id) is change
        assert listing_changes.provider_change(session, "another-organisation", change.id) is None
        assert listing_changes.provider_change(session, None, change.id) is None
        assert listing_changes.provider_change(session, SENDIASS, change.id + 1) is None


def test_a_listings_changes_are_its_history_newest_first(ready):
    sessions, provider_id, _ = ready
    with sessions() as session:
        first = propose(session, provider_id, {"url": "https://advice.example/"})
        listing_changes.withdraw(session, first, session.get(User, provider_id), NOW)
        second = propose(session, provider_id, {"url": "https://advice.example/again"})

        assert [c.id for c in listing_changes.changes_of(session, ADVICE_LINE)] == [
            second.id,
            first.id,
        ]


@pytest.mark.parametrize(
    ("legacy", "compared", "published"),
    [
        (
            "020 7946 0999",
            ["020 7946 0999 (Enquiries)", "020 7946 0210 (Text only)"],
            [("020 7946 0999", "Enquiries"), ("020 7946 0210", "Text only")],
        ),
        ("", ["020 7946 0210 (Text only)"], [("020 7946 0210", "Text only")]),
    ],
)
def test_a_change_to_the_first_number_sent_before_every_number_was_editable_still_works(
    ready, legacy, compared, published
):
    sessions, provider_id, editor_id = ready
    with sessions() as session:
        # As the form before every phone was editable stored it: the first number only.
        change = ListingChange(
            service_id=ADVICE_LINE,
            organization_id=SENDIASS,
            status=listing_changes.PENDING,
            proposed_by=provider_id,
            proposed_at=NOW,
            changes={"phone": legacy},
            before={"phone": "020 7946 0200"},
        )
        session.add(change)
        session.commit()

        [difference] = listing_changes.comparison(session, change)
        assert difference.field == "phones"
        assert difference.current == ["020 7946 0200 (Enquiries)", "020 7946 0210 (Text only)"]
        assert difference.proposed == compared
        assert listing_changes.proposal(session, change)["phones"] == [list(p) for p in published]

        editor = session.get(User, editor_id)
        assert listing_changes.approve(session, change, editor, NOW, date(2026, 12, 3))
        session.commit()
        assert own_phones(session) == published


#: A listing's own numbers: (id, number, what it is for), numbers and purposes from a few so that
#: the same number, or the same number and purpose, comes up more than once.
LISTED = st.lists(
    st.tuples(
        st.uuids().map(str),
        st.sampled_from(["020 7946 0200", "020 7946 0210", "07700 900 982"]),
        st.sampled_from(["", "Enquiries", "Text only"]),
    ),
    unique_by=lambda row: row[0],
    max_size=6,
)


@given(LISTED, st.data())
def test_a_number_still_listed_keeps_an_id_and_no_id_is_handed_to_another_number(listed, data):
    # Some of the listed numbers, in any order, some for another purpose, and new numbers.
    kept = data.draw(st.permutations(listed))[: data.draw(st.integers(0, len(listed)))]
    phones = [
        [number, data.draw(st.sampled_from([about, "Out of hours"]))] for _, number, about in kept
    ]
    for _ in range(data.draw(st.integers(0, 3))):
        phones.insert(data.draw(st.integers(0, len(phones))), ["01632 960 001", "New"])

    ids = listing_changes.phone_ids(listed, phones)

    assert len(ids) == len(set(ids)) == len(phones)
    rows = {phone_id: (number, about) for phone_id, number, about in listed}
    given = [
        (rows.get(phone_id), (number, about))
        for phone_id, (number, about) in zip(ids, phones, strict=True)
    ]
    # An id the listing gave stays with its number; a new id goes only to a number not listed.
    assert all(was is None or was[0] == now[0] for was, now in given)
    assert all(was is not None or now[0] == "01632 960 001" for was, now in given)
    # Every number still there keeps an id, and one listed for the same purpose where it can.
    listed_numbers = Counter(number for _, number, _ in listed)
    for number, count in Counter(number for number, _ in phones).items():
        kept_ids = sum(1 for was, now in given if was is not None and now[0] == number)
        assert kept_ids == min(count, listed_numbers[number])
    listed_pairs = Counter((number, about) for _, number, about in listed)
    for pair, count in Counter(map(tuple, phones)).items():
        same = sum(1 for was, now in given if was == now == pair)
        assert same == min(count, listed_pairs[pair])


def test_removing_the_middle_number_keeps_the_ids_of_the_first_and_the_last():
    listed = [
        ("a", "020 7946 0200", "Enquiries"),
        ("b", "020 7946 0210", "Text only"),
        ("c", "020 7946 0220", ""),
    ]

    ids = listing_changes.phone_ids(listed, [["020 7946 0200", "Enquiries"], ["020 7946 0220", ""]])

    assert ids == ["a", "c"]


def test_a_number_whose_purpose_changed_keeps_its_id_and_a_changed_number_gets_a_new_one():
    listed = [("a", "020 7946 0200", "Enquiries"), ("b", "020 7946 0210", "Text only")]

    ids = listing_changes.phone_ids(
        listed, [["020 7946 0200", "Bookings"], ["020 7946 0211", "Text only"]]
    )

    assert ids[0] == "a"
    assert ids[1] not in ("a", "b")
