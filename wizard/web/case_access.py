"""Object-level access to cases, and the case audit, in one place.

Every route that takes a case id is wrapped by `case_route`, which looks the case up *for the
signed-in user* and answers 404 when they may not see it; a test fails any route that is not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, g, redirect, request, session, url_for

from wizard.storage import audit, cases
from wizard.storage.assessments import AssessmentRecord
from wizard.storage.db import db_session
from wizard.storage.staff_models import Case
from wizard.web.context import now, staff_user

View = TypeVar("View", bound=Callable[..., Any])
WORKING_ON = "staff_case"


def case_route(*, audit_reader: bool = False, owner_only: bool = False) -> Callable[[View], View]:
    """Pass the case to the view if the signed-in user may see it; otherwise 404 (or sign in).

    Keyworkers may see the cases they hold or that are shared with them. With `owner_only`, a
    colleague it is shared with sees the case but may not do this (403: sharing, handing over).
    With `audit_reader`, the route is an administrator's (the audit trail, which holds no case
    data) and only admins pass.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(case_id: int, **kwargs: Any) -> Any:
            user = staff_user()
            if user is None:
                return redirect(url_for("staff_auth.sign_in", next=request.path))
            if audit_reader:
                case = cases.any_case(db_session(), case_id) if user.role == "admin" else None
            else:
                case = cases.may_work_on(db_session(), user, case_id)
            if case is None:
                abort(404)
            if owner_only and case.owner_id != user.id:
                abort(403)  # they know the case exists (it is shared with them): not a 404
            return view(case, **kwargs)

        wrapped.case_checked = True  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def working_case() -> Case | None:
    """The case a keyworker is filling in the questions for, checked again on every request.

    A keyworker whose session ended mid-way is sent to sign in: their next answer must never land
    in a new, anonymous set of answers.
    """
    case_id = session.get(WORKING_ON)
    if case_id is None:
        return None
    checked: Case | None = g.get("working_case")
    if checked is not None and checked.id == case_id:
        return checked  # already checked in this request
    user = staff_user()
    if user is None:
        session.pop(WORKING_ON, None)
        abort(redirect(url_for("staff_auth.sign_in", timed_out=1)))
    case = cases.may_work_on(db_session(), user, int(case_id))
    if case is None or case.assessment_id is None:
        session.pop(WORKING_ON, None)
        abort(404)
    if case.status == "closed":  # closed in another tab: no more changes until it is reopened
        session.pop(WORKING_ON, None)
        abort(redirect(url_for("cases.case", case_id=case.id)))
    g.working_case = case
    return case


def note_event(assessment: AssessmentRecord | None, action: str, detail: str = "") -> None:
    """Add an audit event for the case these answers belong to (none for a family on their own).

    The caller commits. A keyworker's event names them; a family's is marked "family".
    """
    if assessment is None:
        return
    case: Case | None = g.get("working_case")
    user = staff_user()
    if case is not None and user is not None:
        audit.audit(
            db_session(), action, case_id=case.id, actor_id=user.id, detail=detail, now=now()
        )
        return
    if assessment.case_id is not None:  # read with the answers: no extra query for most families
        audit.audit(
            db_session(),
            action,
            case_id=assessment.case_id,
            actor="family",
            detail=detail,
            now=now(),
        )
