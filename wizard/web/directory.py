"""The Local Offer directory pages: search with filters and paging, one page per service, and
"Report a problem with this listing"."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from wizard.directory import display
from wizard.directory.mapping import NEEDS_AREAS, DirectoryMapping
from wizard.directory.records import email_problem, phone_problem
from wizard.storage import directory as store
from wizard.storage import listing_reports
from wizard.storage.db import db_session, transaction
from wizard.storage.directory_models import Contact, CostOption, Phone, Schedule, ServiceArea
from wizard.web.context import sealer, today
from wizard.web.rate_limits import too_many, within_hourly_limit
from wizard.web.staff_forms import digits_only

blueprint = Blueprint("directory", __name__, url_prefix="/services")

PER_PAGE = 20
MAX_AGE = 25
MAX_KEYWORDS = 10
MAX_KEYWORD_LENGTH = 100


def mapping() -> DirectoryMapping:
    """The app's directory mapping (loaded and checked with the content)."""
    found: DirectoryMapping = current_app.extensions["directory_mapping"]
    return found


@dataclass
class SearchForm:
    """The search page's fields as typed, the filters they make, and any errors."""

    values: dict[str, str]
    filters: store.SearchFilters = field(default_factory=store.SearchFilters)
    errors: dict[str, str] = field(default_factory=dict)


def parse_search(args: Mapping[str, str]) -> SearchForm:
    """Read the query string; a bad value gets an error and is left out of the search."""
    keys = ("q", "age", "need", "category", "area", "action")
    values = {key: (args.get(key) or "").strip() for key in keys}
    values["free"] = "yes" if args.get("free") == "yes" else ""
    form = SearchForm(values)
    keywords = tuple(word for word in values["q"].split() if word)
    if len(values["q"]) > MAX_KEYWORD_LENGTH:
        form.errors["q"] = f"Search words must be {MAX_KEYWORD_LENGTH} characters or fewer"
        keywords = ()
    keywords = keywords[:MAX_KEYWORDS]
    age: int | None = None
    if values["age"]:
        if digits_only(values["age"]) and int(values["age"]) <= MAX_AGE:
            age = int(values["age"])
        else:
            form.errors["age"] = f"Age must be a whole number from 0 to {MAX_AGE}"
    need = values["need"]
    if need and need not in NEEDS_AREAS:
        form.errors["need"] = "Select an area of need from the list"
        need = ""
    category = values["category"]
    if category and category not in mapping().categories:
        form.errors["category"] = "Select a type of service from the list"
        category = ""
    area = values["area"] if values["area"] in ("in", "out") else ""
    known_actions = {action.id for action in current_app.extensions["content"].actions.actions}
    action = values["action"] if values["action"] in known_actions else ""
    values["action"] = action  # an unknown one is dropped quietly: it only ever comes from a plan
    form.filters = store.SearchFilters(
        keywords=keywords,
        age=age,
        need=need,
        category=category,
        area=area,
        free_only=values["free"] == "yes",
        action=action,
    )
    return form


def page_number(raw: str | None) -> int:
    """The page asked for; anything that is not a positive whole number means the first."""
    return int(raw) if raw and digits_only(raw) and 0 < int(raw) < 100_000 else 1


def page_links(values: Mapping[str, str], page: int, pages: int) -> dict[str, Any]:
    """Previous, next and numbered links for the GOV.UK pagination component."""

    def href(number: int) -> str:
        query = {k: v for k, v in values.items() if v}
        query["page"] = str(number)
        return url_for("directory.search") + "?" + urlencode(query)

    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    for position, number in enumerate(shown):
        if position and number - shown[position - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page})
    return {
        "previous": href(page - 1) if page > 1 else None,
        "next": href(page + 1) if page < pages else None,
        "items": items if pages > 1 else [],
    }


@blueprint.get("/")
def search() -> str:
    """Search the Local Offer: keywords, age, need, type of service, area and cost."""
    form = parse_search(request.args)
    page = page_number(request.args.get("page"))
    total, results = store.search(db_session(), form.filters, page, PER_PAGE)
    pages = max(1, math.ceil(total / PER_PAGE))
    if page > pages:
        page = pages
        total, results = store.search(db_session(), form.filters, page, PER_PAGE)
    return render_template(
        "directory/search.html",
        form=form,
        results=results,
        total=total,
        page=page,
        pages=pages,
        first=(page - 1) * PER_PAGE + 1,
        pagination=page_links(form.values, page, pages),
        categories=mapping().categories,
        needs=NEEDS_AREAS,
        age_range=display.age_range,
    )


@blueprint.get("/<service_id>")
def service(service_id: str) -> str:
    """One service: who it is for, how to apply, how decisions are made, contact, times, cost."""
    session = db_session()
    found = store.find_service(session, service_id) if len(service_id) <= 64 else None
    if found is None:
        abort(404)
    org = store.organization_of(session, found)
    months = mapping().review_after_months
    tags = store.tags_of(session, found.id)
    schedules = store.children_of(session, Schedule, found.id)
    cost_options = store.children_of(session, CostOption, found.id)
    return render_template(
        "directory/service.html",
        service=found,
        organization=org,
        locations=store.locations_of(session, found.id),
        contacts=store.children_of(session, Contact, found.id),
        phones=store.children_of(session, Phone, found.id),
        opening=[(display.opening_line(s), s) for s in schedules],
        costs=display.cost_lines(found.free, found.fees, cost_options),
        areas=store.children_of(session, ServiceArea, found.id),
        categories=[mapping().categories.get(c, c) for c in tags["category"]],
        ages=display.age_range(found.minimum_age, found.maximum_age),
        review_due=display.review_due(found.assured_date, months),
        overdue=display.is_overdue(found.assured_date, months, today()),
        listed=found.status in store.LISTED_STATUSES,
    )


@blueprint.app_template_filter("last_checked")
def last_checked(value: date | str | None) -> str:
    """'Last checked: 3 March 2026' (a date or an ISO date), or 'Not yet checked'."""
    return display.last_checked(value)


PROBLEM_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 255
PHONE_MAX_LENGTH = 20


class ReportProblemForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """What is wrong with a listing, and optional details for a reply."""

    problem = TextAreaField(
        "What is wrong or out of date?",
        validators=[
            InputRequired("Enter what is wrong with this listing"),
            Length(
                max=PROBLEM_MAX_LENGTH,
                message=f"What is wrong must be {PROBLEM_MAX_LENGTH:,} characters or less",
            ),
        ],
    )
    name = StringField(
        "Your name (optional)",
        validators=[
            Length(
                max=NAME_MAX_LENGTH,
                message=f"Your name must be {NAME_MAX_LENGTH} characters or less",
            )
        ],
    )
    email = StringField(
        "Email address (optional)",
        validators=[
            Length(
                max=EMAIL_MAX_LENGTH,
                message=f"Your email address must be {EMAIL_MAX_LENGTH} characters or less",
            )
        ],
    )
    phone = StringField(
        "Phone number (optional)",
        validators=[
            Length(
                max=PHONE_MAX_LENGTH,
                message=f"Your phone number must be {PHONE_MAX_LENGTH} characters or less",
            )
        ],
    )

    def validate_problem(self, field: TextAreaField) -> None:
        """Spaces alone say nothing."""
        if not (field.data or "").strip():
            raise ValidationError("Enter what is wrong with this listing")

    def validate_email(self, field: StringField) -> None:
        """An email address, when given, looks like one."""
        email = (field.data or "").strip()
        if email and email_problem(email):
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.com"
            )

    def validate_phone(self, field: StringField) -> None:
        """A phone number, when given, looks like one."""
        phone = (field.data or "").strip()
        if phone and phone_problem(phone):
            raise ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )

    def contact(self) -> listing_reports.Contact:
        """The contact details given (each may be empty)."""
        return listing_reports.Contact(
            name=(self.name.data or "").strip(),
            email=(self.email.data or "").strip(),
            phone=(self.phone.data or "").strip(),
        )


def _service_or_404(service_id: str) -> Any:
    found = store.find_service(db_session(), service_id) if len(service_id) <= 64 else None
    if found is None:
        abort(404)
    return found


@blueprint.route("/<service_id>/report-a-problem", methods=["GET", "POST"])
def report_problem(service_id: str) -> Response | str:
    """Show the form; on a valid POST keep the report (limited per network address) and confirm."""
    found = _service_or_404(service_id)
    form = ReportProblemForm()
    if form.validate_on_submit():
        if not within_hourly_limit(
            "listing_reports", current_app.config["LISTING_REPORTS_PER_HOUR"]
        ):
            return too_many("too_many_reports")
        with transaction() as session:
            listing_reports.save(
                session, sealer(), found.id, form.problem.data.strip(), form.contact()
            )
        return redirect(url_for("directory.problem_reported", service_id=found.id))
    return render_template(
        "directory/report_problem.html", service=found, form=form, max_length=PROBLEM_MAX_LENGTH
    )


@blueprint.get("/<service_id>/report-a-problem/sent")
def problem_reported(service_id: str) -> str:
    """Confirm the report was sent."""
    return render_template("directory/problem_reported.html", service=_service_or_404(service_id))
