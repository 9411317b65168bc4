"""Administrators: invite staff, disable and enable accounts, and find a case's audit trail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from wizard.storage import staff_accounts
from wizard.storage.db import db_session
from wizard.storage.staff_models import User
from wizard.web.context import now, staff_required, staff_user
from wizard.web.staff_forms import FindAuditForm, InviteForm

blueprint = Blueprint("admin", __name__, url_prefix="/staff/admin")


@blueprint.get("/users")
@staff_required("admin")
def users() -> str:
    """Every staff account, with invite, disable and enable."""
    return render_template(
        "staff/users.html",
        users=staff_accounts.list_users(db_session()),
        form=InviteForm(),
    )


@blueprint.post("/users")
@staff_required("admin")
def invite() -> str | tuple[str, int]:
    """Add a member of staff and show their single-use invitation link (valid 72 hours)."""
    form = InviteForm()
    if not form.validate_on_submit():
        return render_template(
            "staff/users.html", users=staff_accounts.list_users(db_session()), form=form
        ), 400
    database = db_session()
    user = staff_accounts.create_user(database, form.email.data, form.name.data, form.role.data)
    token = staff_accounts.create_invite(database, user, staff_user().id, now())  # type: ignore[union-attr]
    database.commit()
    return render_template(
        "staff/invited.html",
        user=user,
        link=url_for("staff_auth.invitation_link", token=token, _external=True),
    )


def _other_user(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404)
    return user


@blueprint.post("/users/<int:user_id>/access")
@staff_required("admin")
def access(user_id: int) -> Response | str:
    """Disable an account (its sessions end at once), enable it, or send a new invitation."""
    user = _other_user(user_id)
    me = staff_user()
    assert me is not None
    action = request.form.get("action")
    database = db_session()
    if action == "disable":
        if user.id == me.id:
            flash("You cannot disable your own account.", "info")
            return redirect(url_for("admin.users"))
        staff_accounts.set_active(database, user, False, now())
        flash(f"{user.name} can no longer sign in.", "success")
    elif action == "enable":
        staff_accounts.set_active(database, user, True, now())
        flash(f"{user.name} can sign in again.", "success")
    elif action == "reinvite":
        token = staff_accounts.create_invite(database, user, me.id, now())
        database.commit()
        return render_template(
            "staff/invited.html",
            user=user,
            link=url_for("staff_auth.invitation_link", token=token, _external=True),
        )
    else:
        abort(400)
    database.commit()
    return redirect(url_for("admin.users"))


@blueprint.get("/audit")
@staff_required("admin")
def find_audit() -> Response | str:
    """Find a case's audit trail by its case number."""
    form = FindAuditForm(request.args)
    if form.case.data and form.validate():
        return redirect(url_for("cases.audit_trail", case_id=int(form.case.data)))
    return render_template("staff/find_audit.html", form=form)
