"""Editors: the queue of providers' listing changes (approve and publish, or return with a
reason), and the providers' accounts (invite one for an organisation)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from wizard.storage import listing_changes, provider_accounts, staff_accounts
from wizard.storage.db import db_session, transaction
from wizard.storage.directory_models import Service
from wizard.storage.staff_models import ListingChange, User
from wizard.web.context import now, staff_required, staff_user, today
from wizard.web.staff_forms import ApproveChangeForm, ProviderInviteForm, ReturnChangeForm

blueprint = Blueprint("listing_review", __name__, url_prefix="/staff")


def _me() -> User:
    user = staff_user()
    assert user is not None  # staff_required let the request in
    return user


@blueprint.get("/listing-changes")
@staff_required("editor", "admin")
def queue() -> str:
    """Providers' changes waiting for a decision, oldest first."""
    return render_template("staff/review_queue.html", items=listing_changes.queue(db_session()))


def _pending(change_id: int) -> ListingChange:
    """A change still waiting for a decision; else 404, or back to the queue when its provider
    withdrew it (the editor may have had it open meanwhile: say why it is gone)."""
    found = listing_changes.find_pending(db_session(), change_id)
    if found is None and listing_changes.was_withdrawn(db_session(), change_id):
        flash("The provider withdrew this change, so there is nothing to decide.", "info")
        abort(redirect(url_for("listing_review.queue")))
    if found is None:
        abort(404)
    return found


def _review_page(
    change: ListingChange,
    approve_form: ApproveChangeForm | None = None,
    return_form: ReturnChangeForm | None = None,
) -> tuple[str, int]:
    """The comparison, the decision forms and the change's history."""
    database = db_session()
    service = database.get(Service, change.service_id)
    assert service is not None  # a change is deleted with its service
    proposer = database.get(User, change.proposed_by)
    return_form = return_form or ReturnChangeForm()
    return render_template(
        "staff/review_change.html",
        change=change,
        service=service,
        organization=provider_accounts.organization(database, service.organization_id),
        proposer=proposer,
        differences=listing_changes.comparison(database, change),
        source=listing_changes.imported_from(service),
        history=listing_changes.change_history(database, change),
        approve_form=approve_form or ApproveChangeForm(),
        return_form=return_form,
    ), (400 if return_form.errors else 200)


@blueprint.get("/listing-changes/<int:change_id>")
@staff_required("editor", "admin")
def review(change_id: int) -> tuple[str, int]:
    """One change: the listing now beside the proposal, changed fields only."""
    return _review_page(_pending(change_id))


def _still_as_seen(change: ListingChange) -> bool:
    """Whether the proposal is the one the editor's page showed (a provider may send a newer one
    while the editor reads it: that one must be seen before it is decided)."""
    return request.form.get("seen", "") == change.proposed_at.isoformat()


def _changed_since_seen(change: ListingChange) -> Response:
    flash("The provider changed this proposal while you were reading it. Check it again.", "info")
    return redirect(url_for("listing_review.review", change_id=change.id))


@blueprint.post("/listing-changes/<int:change_id>/approve")
@staff_required("editor", "admin")
def approve(change_id: int) -> Response:
    """Publish the change at once (the public page and /oruk/ show it)."""
    change = _pending(change_id)
    if not ApproveChangeForm().validate_on_submit():
        abort(400)
    if not _still_as_seen(change):
        return _changed_since_seen(change)
    with transaction() as session:
        done = listing_changes.approve(session, change, _me(), now(), today())
    if not done:
        abort(404)  # another editor decided it first
    flash("The change is approved and published.", "success")
    return redirect(url_for("listing_review.queue"))


@blueprint.post("/listing-changes/<int:change_id>/return")
@staff_required("editor", "admin")
def return_change(change_id: int) -> Response | tuple[str, int]:
    """Send the change back to the provider with a reason; the listing stays as it is."""
    change = _pending(change_id)
    form = ReturnChangeForm()
    if not _still_as_seen(change):
        return _changed_since_seen(change)
    if not form.validate_on_submit():
        return _review_page(change, return_form=form)
    with transaction() as session:
        done = listing_changes.return_change(session, change, _me(), form.reason.data, now())
    if not done:
        abort(404)
    flash("The change was returned to the provider with your reason.", "success")
    return redirect(url_for("listing_review.queue"))


def _providers_page(form: ProviderInviteForm) -> tuple[str, int]:
    return render_template(
        "staff/provider_accounts.html",
        providers=provider_accounts.providers(db_session()),
        form=form,
    ), (400 if form.errors else 200)


@blueprint.get("/providers")
@staff_required("editor", "admin")
def providers() -> tuple[str, int]:
    """Every provider account, and the form to invite one for an organisation."""
    return _providers_page(ProviderInviteForm(provider_accounts.organizations(db_session())))


@blueprint.post("/providers")
@staff_required("editor", "admin")
def invite_provider() -> str | tuple[str, int]:
    """Add a provider for one organisation and show their single-use invitation link."""
    form = ProviderInviteForm(provider_accounts.organizations(db_session()))
    if not form.validate_on_submit():
        return _providers_page(form)
    with transaction() as session:
        user = provider_accounts.create_provider(
            session, form.email.data, form.name.data, form.organization.data
        )
        token = staff_accounts.create_invite(session, user, _me().id, now())
    return _invited(user, token)


@blueprint.post("/providers/<int:user_id>/invitation")
@staff_required("editor", "admin")
def reinvite_provider(user_id: int) -> str:
    """A new invitation for a provider (earlier links stop working)."""
    if not ApproveChangeForm().validate_on_submit():  # the CSRF token only
        abort(400)
    user = provider_accounts.find_provider(db_session(), user_id)
    if user is None or not user.active:
        abort(404)
    with transaction() as session:
        token = staff_accounts.create_invite(session, user, _me().id, now())
    return _invited(user, token)


def _invited(user: User, token: str) -> str:
    return render_template(
        "staff/provider_invited.html",
        user=user,
        organization=provider_accounts.organization(
            db_session(), provider_accounts.organization_id_of(db_session(), user)
        ),
        link=url_for("staff_auth.invitation_link", token=token, _external=True),
    )
