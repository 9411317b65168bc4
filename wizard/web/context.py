"""What every request works with, in one place: content, sealer, clock, current answers, staff.

Views import these; no view imports from another view. Reading the current answers has no side
effects: the "questions changed" notice is computed by `content_changes`, and the service records
that the family has seen the new questions (see ADR 0022).

The clock has one setting, FIXED_NOW: an ISO date-time (a plain ISO date means midnight), read as
UTC when it names no offset. `now()` is that moment; `today()` is its date in Europe/London.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from flask import (
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import SQLAlchemyError

from wizard import PROJECT_ROOT
from wizard.core.content import Content
from wizard.core.engine import resolve
from wizard.core.pathway import ServiceNeeds
from wizard.dates import LONDON, today_in_london
from wizard.directory.compliance import ComplianceReport, build_report
from wizard.storage import assessments, staff_accounts
from wizard.storage import directory as directory_store
from wizard.storage.assessments import AssessmentRecord
from wizard.storage.db import db_session
from wizard.storage.sealing import Sealer
from wizard.storage.staff_models import StaffSession, User

View = TypeVar("View", bound=Callable[..., Any])

#: The vendored GOV.UK Frontend (served by the assets blueprint, its version named on a page).
GOVUK_FRONTEND_DIR = PROJECT_ROOT / "static" / "govuk-frontend"
GOVUK_FRONTEND_VERSION = (GOVUK_FRONTEND_DIR / "VERSION").read_text(encoding="utf-8").strip()

#: Session keys a staff sign-in owns.
STAFF_KEY = "staff"
PENDING_SECRET = "staff_pending_totp"  # noqa: S105 (a session key name, not a secret)
ENROLLING = "staff_enrolling"


def content() -> Content:
    """The loaded, checked content."""
    loaded: Content = current_app.extensions["content"]
    return loaded


def sealer() -> Sealer:
    """The app's sealer for families' answers and staff secrets (encryption at rest)."""
    found: Sealer = current_app.extensions["sealer"]
    return found


def now() -> datetime:
    """The current time in UTC, or the app's FIXED_NOW when one is set."""
    fixed = current_app.config.get("FIXED_NOW")
    if not fixed:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(fixed)
    # A setting without an offset is UTC, so now() is always comparable with stored times.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def today() -> date:
    """Today in Europe/London (from FIXED_NOW when one is set)."""
    if not current_app.config.get("FIXED_NOW"):
        return today_in_london()
    return now().astimezone(LONDON).date()


def current_assessment() -> AssessmentRecord | None:
    """The answers this browser is working on: a keyworker's case (access checked on every
    request), or the family's own, from the private token in their session. Writes nothing."""
    # Imported here: case_access imports staff_user from this module.
    from wizard.web.case_access import working_case

    case = working_case()
    if case is not None:
        assert case.assessment_id is not None
        found = assessments.find_by_id(db_session(), case.assessment_id, sealer())
        if found is None:
            abort(404)
        return found
    token = session.get("token")
    if not token:
        return None
    assessment = assessments.find_by_token(db_session(), token, sealer())
    if assessment is None:  # deleted, or removed by the retention rules
        session.pop("token", None)
        return None
    return assessment


def content_changes(assessment: AssessmentRecord) -> str | None:
    """The notice for answers saved on older questions, naming the new ones on their path, if any.

    Computed only: the service records the new content version (`journey.note_content_seen`).
    """
    loaded = content()
    if assessment.content_version == loaded.version:
        return None
    graph = loaded.graph
    progress = resolve(graph, assessment.answers, today(), passed=set(assessment.passed))
    on_path = [
        node_id
        for node_id, node in graph.nodes.items()
        if node.is_question and node_id not in assessment.known_nodes and node_id in progress.path
    ]
    if not on_path:
        return None
    facts = progress.facts()
    names = ", ".join(
        graph.words(graph.nodes[n].summary or graph.nodes[n].title, facts) for n in on_path
    )
    return (
        "The questions have changed since your last visit. Your answers are kept. "
        f"New questions: {names}."
    )


def staff_user() -> User | None:
    """The signed-in member of staff who has given their second factor, if any."""
    staff_session: StaffSession | None = g.get("staff_session")
    if staff_session is None or not staff_session.verified:
        return None
    found: User | None = g.get("staff_user")
    return found


def staff_required(*roles: str) -> Callable[[View], View]:
    """Only for signed-in staff (with their second factor) in one of `roles`: others get 403."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = staff_user()
            if user is None:
                return redirect(url_for("staff_auth.sign_in", next=request.path))
            if user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def home_for(user: User) -> str:
    """Where a role starts."""
    return {
        "keyworker": url_for("cases.caseload"),
        "editor": url_for("editor.feedback"),
        "admin": url_for("admin.users"),
        "provider": url_for("provider.home"),
        "insight": url_for("insight.overview"),
    }[user.role]


def forget_staff(staff_session: StaffSession | None) -> None:
    """End a staff session (if still open) and drop the staff sign-in's keys from the cookie."""
    if staff_session is not None and staff_session.ended_at is None:
        staff_accounts.end_session(db_session(), staff_session, now())
        db_session().commit()
    # "staff_case" stays: the journey then sends a keyworker to sign in instead of saving anonymously.
    for key in (STAFF_KEY, PENDING_SECRET, ENROLLING):
        session.pop(key, None)


def sign_out_now() -> None:
    """End the staff session at once (the timeout's autosave, having saved the page)."""
    forget_staff(g.get("staff_session"))
    session.pop("staff_case", None)


_directory_log = logging.getLogger("wizard.directory")


def find_services(
    action_ids: Sequence[str], needs: ServiceNeeds
) -> dict[str, list[dict[str, Any]]]:
    """Services for the plan's actions (the pathway's ServiceFinder, bound to this request).

    The services enrich a plan; they are not the plan. If the directory cannot be read (a database
    not yet migrated for `flask pathway`, or one that is down) the plan is still made, without them;
    so it is without a mapping that failed its checks (only `flask` commands run without one).
    """
    mapping = current_app.extensions.get("directory_mapping")
    if mapping is None:
        _directory_log.warning("directory mapping not loaded: a plan without services")
        return {}
    try:
        found = directory_store.services_for_actions(
            db_session(),
            action_ids,
            needs,
            current_app.config["PLAN_SERVICES_PER_ACTION"],
            review_after_months=mapping.review_after_months,
            area_name=content().locality.area_name,
        )
    except SQLAlchemyError as error:
        db_session().rollback()  # leave the session usable for the rest of the request
        _directory_log.warning("directory unavailable for a plan type=%s", error.__class__.__name__)
        return {}
    for services in found.values():
        for item in services:
            item["url"] = (
                url_for("directory.service", service_id=item["id"])
                if has_request_context()
                else f"/services/{item['id']}"  # the CLI: the same path the spec shows
            )
    return found


def compliance_report() -> ComplianceReport:
    """The Local Offer compliance report as of today (for its page, its downloads and the annual
    review pack)."""
    loaded = content()
    return build_report(
        db_session(),
        current_app.extensions["local_offer_schedule"],
        loaded.actions,
        loaded.locality,
        today=today(),
        review_after_months=current_app.extensions["directory_mapping"].review_after_months,
    )


def review_period() -> int:
    """The directory mapping's review period in months (questions/directory/mapping.yaml)."""
    months: int = current_app.extensions["directory_mapping"].review_after_months
    return months
