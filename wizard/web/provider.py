"""Providers: their organisation's listings, and changes to them for the council to approve.

A provider sees only their own organisation's services; any other service is not found (404), as
another keyworker's case is. Editors approve or return the changes (wizard/web/listing_review.py).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from wizard.directory.freshness import reviews_due
from wizard.storage import listing_changes, listing_reports, provider_accounts
from wizard.storage.db import db_session, transaction
from wizard.storage.directory import LISTED_STATUSES
from wizard.storage.directory_models import Service
from wizard.storage.staff_models import User
from wizard.web.context import now, review_period, sealer, staff_required, staff_user, today
from wizard.web.staff_forms import DAY_NAMES, ListingForm

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
    form = ListingForm(
        data=ListingForm.data_from({**current, **(pending.changes if pending else {})})
    )
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
    ), (400 if form.errors else 200)
