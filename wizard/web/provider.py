"""Providers: their organisation's listings, and changes to them for the council to approve.

A provider sees only their own organisation's services; any other service is not found (404), as
another keyworker's case is. Editors approve or return the changes (wizard/web/listing_review.py);
until they do, the provider may withdraw one.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from wizard.directory.freshness import reviews_due
from wizard.storage import listing_changes, listing_reports, provider_accounts
from wizard.storage.db import db_session, transaction
from wizard.storage.directory import LISTED_STATUSES
from wizard.storage.directory_models import Service
from wizard.storage.staff_models import ListingChange, User
from wizard.web.context import now, review_period, sealer, staff_required, staff_user, today
from wizard.web.staff_forms import DAY_NAMES, ListingForm, WithdrawChangeForm

blueprint = Blueprint("provider", __name__, url_prefix="/staff/provider")


def _me() -> User:
    user = staff_user()
    assert user is not None  # staff_required let the request in
    return user


def _own_service(service_id: str) -> Service:
    """One of the provider's own listings that families can be pointed to; else 404."""
    database = db_session()
    organization_id = provider_accounts.organization_id_of(database, _me())
    found = listing_changes.provider_service(database, organization_id, service_id)
    if found is None or found.status not in LISTED_STATUSES:
        abort(404)
    return found


def _own_change(change_id: int) -> ListingChange:
    """A change to one of the provider's own organisation's services; else 404."""
    database = db_session()
    organization_id = provider_accounts.organization_id_of(database, _me())
    found = listing_changes.provider_change(database, organization_id, change_id)
    if found is None:
        abort(404)
    return found


#: Why a change cannot be withdrawn any more, by what became of it.
_CLOSED = {
    listing_changes.APPROVED: "The council has already approved and published this change, "
    "so you cannot withdraw it.",
    listing_changes.RETURNED: "The council has already returned this change to you, "
    "so you cannot withdraw it. The reason is on this page.",
    listing_changes.WITHDRAWN: "You have already withdrawn this change.",
}


def _already_closed(change: ListingChange) -> Response:
    """Back to the listing, saying why the change cannot be withdrawn."""
    flash(_CLOSED[change.status], "info")
    return redirect(url_for("provider.edit", service_id=change.service_id))


@blueprint.get("/")
@staff_required("provider")
def home() -> str:
    """The organisation's listings, what became of each one's latest change, and the checks due."""
    database = db_session()
    organization_id = provider_accounts.organization_id_of(database, _me())
    services = (
        listing_changes.organization_services(database, organization_id) if organization_id else []
    )
    due = (
        reviews_due(
            database,
            today=today(),
            organization_id=organization_id,
            review_after_months=review_period(),
        )
        if organization_id
        else []
    )
    return render_template(
        "staff/provider_home.html",
        organization=provider_accounts.organization(database, organization_id),
        services=services,
        latest=listing_changes.latest_changes(database, [s.id for s in services]),
        listed=LISTED_STATUSES,
        due=due,
        # What the public reported about the listings: the problem only; who reported it, and how
        # to reach them, is for the council's editors.
        reports=listing_reports.reports_for_organization(database, organization_id, sealer())
        if organization_id
        else [],
    )


@blueprint.route("/services/<service_id>", methods=["GET", "POST"])
@staff_required("provider")
def edit(service_id: str) -> Response | str | tuple[str, int]:
    """The listing as the provider wants it to read; sent to the council for approval."""
    service = _own_service(service_id)
    database, me = db_session(), _me()
    current = listing_changes.current_values(database, service)
    pending = listing_changes.pending_change(database, service.id)
    wish = listing_changes.proposal(database, pending) if pending else {}
    form = ListingForm.starting_from({**current, **wish})
    if form.validate_on_submit():
        with transaction() as session:
            change = listing_changes.propose(session, service, me, form.proposed(), now())
        if change is None:
            flash("You did not change anything, so nothing was sent to the council.", "info")
            return redirect(url_for("provider.edit", service_id=service.id))
        flash(f"Your change to {service.name} was sent to the council for approval.", "success")
        return redirect(url_for("provider.home"))
    latest = listing_changes.latest_changes(database, [service.id]).get(service.id)
    return render_template(
        "staff/provider_edit.html",
        service=service,
        form=form,
        days=DAY_NAMES,
        pending=pending,
        returned=latest if latest is not None and latest.status == "returned" else None,
        source=listing_changes.imported_from(service),
        history=listing_changes.changes_of(database, service.id),
    ), (400 if form.errors else 200)


@blueprint.get("/changes/<int:change_id>/withdraw")
@staff_required("provider")
def confirm_withdraw(change_id: int) -> Response | str:
    """Ask before withdrawing a waiting change, showing what it asks for."""
    change = _own_change(change_id)
    if change.status != listing_changes.PENDING:
        return _already_closed(change)
    database = db_session()
    service = database.get(Service, change.service_id)
    return render_template(
        "staff/provider_withdraw.html",
        change=change,
        service=service,
        listed=service is not None and service.status in LISTED_STATUSES,
        differences=listing_changes.comparison(database, change),
    )


@blueprint.post("/changes/<int:change_id>/withdraw")
@staff_required("provider")
def withdraw(change_id: int) -> Response:
    """Withdraw the change: it leaves the council's queue and the listing stays as it is."""
    change = _own_change(change_id)
    if not WithdrawChangeForm().validate_on_submit():
        abort(400)
    with transaction() as session:
        done = listing_changes.withdraw(session, change, _me(), now())
    if not done:  # the council decided it first, or it was withdrawn in another tab
        db_session().refresh(change)
        return _already_closed(change)
    service = db_session().get(Service, change.service_id)
    name = service.name if service is not None else "the listing"
    flash(f"You withdrew your change to {name}. The council will not review it.", "success")
    return redirect(url_for("provider.home"))
