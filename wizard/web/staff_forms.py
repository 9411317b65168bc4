"""The staff pages' forms, as FlaskForms rendered with the GOV.UK Frontend macros (ADR 0028).

Each form checks only what it can see: the sign-in's password and the authenticator code are
checked by the views, after the attempt is counted against the limits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)

from wizard.accounts import passwords, totp
from wizard.directory import display
from wizard.directory.records import email_problem, phone_problem, url_problem
from wizard.oruk_fields import TEXT_LENGTH, length
from wizard.storage import cases, listing_changes, staff_accounts
from wizard.storage.db import db_session
from wizard.storage.staff_models import User
from wizard.web.context import now

CONSENT_BY = {
    "parent_carer": "A parent carer",
    "young_person": "The young person",
    "other_parental_responsibility": "Someone else with parental responsibility",
}
CONSENT_TO = {
    "answers": "Answering the questions with a keyworker and keeping the answers",
    "share": "Sharing the case with named colleagues in the team",
    "notes": "Keyworkers keeping notes about the case",
}
MAX_LABEL = 80
MAX_NOTE = 2000
MAX_NAME = 120
MAX_EMAIL = 255
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_NAMES = {
    "keyworker": "Keyworker: works with families on their cases",
    "editor": "Editor: looks after the content, the directory and feedback (sees no cases)",
    "admin": "Administrator: manages staff accounts and reads audit trails (sees no cases)",
}
WRONG_CODE = "The code is not right. Enter the code your app shows now"


def digits_only(text: str | None) -> bool:
    """Whether `text` is 0-9 digits only: str.isdigit() also takes "²", which int() refuses."""
    return bool(text) and text.isascii() and text.isdigit()  # type: ignore[union-attr]


def _stripped(value: str | None) -> str:
    return (value or "").strip()


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def add_error(field: Field, message: str) -> None:
    """Show a problem found after validation (a wrong password or code) on the field."""
    field.errors = [*field.errors, message]


class SignInForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type hints
    """Email and password; only their presence is checked here (the views count attempts)."""

    email = StringField(
        "Email address",
        filters=[lambda value: _stripped(value)[:MAX_EMAIL]],
        validators=[DataRequired("Enter your email address")],
    )
    # Presence only, as typed: a password of spaces is still checked (and counted) like any other.
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


def _code_shape(form: FlaskForm, field: Field) -> None:
    problem = totp.code_problem(field.data or "")
    if problem:
        raise StopValidation(problem)


class CodeForm(FlaskForm):  # type: ignore[misc]
    """The 6-digit code at sign-in; only its shape is checked here."""

    code = StringField("Enter the code from your authenticator app", validators=[_code_shape])


class SetUpCodeForm(FlaskForm):  # type: ignore[misc]
    """The first code from a newly set-up authenticator app."""

    code = StringField("Code from the app", validators=[_code_shape])


class InvitationForm(FlaskForm):  # type: ignore[misc]
    """Choosing a password when taking up an invitation."""

    password = PasswordField("Password")
    confirm = PasswordField("Enter the password again")

    def __init__(self, account_email: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_email = account_email

    def validate_password(self, field: Field) -> None:
        """The password rules (length, common passwords, the email address itself)."""
        problem = passwords.password_problem(field.data or "", self.account_email)
        if problem:
            raise StopValidation(problem)

    def validate_confirm(self, field: Field) -> None:
        """The same password twice (asked only once the password itself is acceptable)."""
        if not self.password.errors and (field.data or "") != (self.password.data or ""):
            raise StopValidation("The passwords do not match. Enter the same password twice")


class NewCaseForm(FlaskForm):  # type: ignore[misc]
    """A label for the family and what they consented to, by whom and when."""

    label = StringField(
        "Label for the family",
        filters=[_stripped],
        validators=[
            DataRequired("Enter a label for the family, such as initials and a month"),
            Length(max=MAX_LABEL, message=f"Label must be {MAX_LABEL} characters or fewer"),
        ],
    )
    consent_by = RadioField(
        "Who gave consent?",
        choices=_choices(CONSENT_BY),
        validate_choice=False,  # AnyOf gives the GOV.UK message instead of WTForms' own
        validators=[AnyOf(list(CONSENT_BY), message="Select who gave consent")],
    )
    consent_day = StringField("Day", filters=[_stripped])
    consent_month = StringField("Month", filters=[_stripped])
    consent_year = StringField("Year", filters=[_stripped])
    consent_to = SelectMultipleField(
        "What did they agree to?", choices=_choices(CONSENT_TO), validate_choice=False
    )

    consent_on: date | None = None

    def validate_consent_day(self, field: Field) -> None:
        """The three date parts together: a real date, today or in the past (shown on the day)."""
        parts = [field.data, self.consent_month.data, self.consent_year.data]
        if not any(parts):
            raise StopValidation("Enter the date consent was given")
        if not all(digits_only(part) for part in parts):
            raise StopValidation("Date consent was given must be a real date")
        try:
            given = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise StopValidation("Date consent was given must be a real date") from None
        if given > now().date():
            raise StopValidation("Date consent was given must be today or in the past")
        self.consent_on = given

    def validate_consent_to(self, field: Field) -> None:
        """Answering the questions is the consent a case needs; the others are optional."""
        if "answers" not in self.agreed_to:
            raise StopValidation(
                "Select answering the questions and keeping the answers. Without this consent "
                "you cannot open a case"
            )

    @property
    def agreed_to(self) -> list[str]:
        """What the family agreed to, known values only, in the order sent."""
        return [value for value in self.consent_to.data or [] if value in CONSENT_TO]


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A note on a case."""

    note = TextAreaField(
        "Add a note",
        filters=[_stripped],
        validators=[
            DataRequired("Enter a note"),
            Length(max=MAX_NOTE, message=f"Note must be {MAX_NOTE} characters or fewer"),
        ],
    )


class ColleagueForm(FlaskForm):  # type: ignore[misc]
    """Choose one of the given colleagues (subclasses say why, and what to say if none is)."""

    colleague = RadioField(validate_choice=False)
    missing = ""

    def __init__(self, colleagues: Sequence[User], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.colleagues = list(colleagues)
        self.colleague.choices = [SelectChoice(str(user.id), user.name) for user in self.colleagues]

    def validate_colleague(self, field: Field) -> None:
        """Only a colleague offered on the page (never any account id sent)."""
        if self.chosen is None:
            raise StopValidation(self.missing)

    @property
    def chosen(self) -> User | None:
        """The colleague chosen, if one of those offered."""
        found = {str(user.id): user for user in self.colleagues}
        return found.get(self.colleague.data or "")


class ShareForm(ColleagueForm):
    """Share a case with a colleague."""

    colleague = RadioField("Who do you want to share it with?", validate_choice=False)
    missing = "Select a colleague to share the case with"


class HandOverForm(ColleagueForm):
    """Hand a case over to another keyworker."""

    colleague = RadioField("Who is taking the case on?", validate_choice=False)
    missing = "Select the keyworker to hand the case to"


class InviteForm(FlaskForm):  # type: ignore[misc]
    """A new member of staff: name, work email and role."""

    name = StringField(
        "Name",
        filters=[_stripped],
        validators=[
            DataRequired("Enter the person's name"),
            Length(max=MAX_NAME, message=f"Name must be {MAX_NAME} characters or fewer"),
        ],
    )
    email = StringField(
        "Work email address",
        filters=[_stripped],
        validators=[DataRequired("Enter their work email address")],
    )
    role = RadioField(
        "Role",
        choices=_choices(ROLE_NAMES),
        validate_choice=False,
        # Providers belong to an organisation: they are invited from the providers page.
        validators=[AnyOf(list(ROLE_NAMES), message="Select a role")],
    )

    def validate_email(self, field: Field) -> None:
        """A plausible address, and not one that already has an account."""
        if not EMAIL.match(field.data) or len(field.data) > MAX_EMAIL:
            raise StopValidation(
                "Enter an email address in the correct format, like name@example.com"
            )
        if staff_accounts.find_user_by_email(db_session(), field.data) is not None:
            raise StopValidation("There is already an account with this email address")


class FindAuditForm(FlaskForm):  # type: ignore[misc]
    """A case number, sent in the address (a search changes nothing, so no CSRF token)."""

    class Meta:
        csrf = False

    case = StringField("Case number", filters=[_stripped])

    def validate_case(self, field: Field) -> None:
        """A case that exists (open, closed or with its answers deleted)."""
        if not (digits_only(field.data) and cases.any_case(db_session(), int(field.data))):
            raise ValidationError("There is no case with this number")


# Providers and their listings (ADR 0033)

DAY_NAMES = dict(display.DAYS)
MAX_AGE = 25
#: Telephone numbers a listing may give. The form offers one more row than the listing has, up to
#: this; families reading a listing need a few numbers, not a switchboard.
MAX_PHONES = 10
PHONE_EXAMPLE = "like 01632 960 001 or 07700 900 982"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_YES_NO = {"yes": "Yes", "no": "No"}


def _length(label: str, limit: int) -> Length:
    return Length(max=limit, message=f"{label} must be {limit:,} characters or fewer")


def _long_text(label: str) -> TextAreaField:
    return TextAreaField(label, filters=[_stripped], validators=[_length(label, TEXT_LENGTH)])


class PhoneRow(Form):  # type: ignore[misc]
    """One of the service's own telephone numbers on the provider's form (checked by ListingForm,
    whose messages say which number is wrong)."""

    number = StringField("Number", filters=[_stripped])
    description = StringField("What the number is for (optional)", filters=[_stripped])
    remove = BooleanField("Remove")


class ListingForm(FlaskForm):  # type: ignore[misc]
    """A provider's listing as they want it to read; checked as a public form would check it."""

    #: How many rows at the top of `phones` are numbers the listing (or the waiting change)
    #: already gives: those can be removed; the rows after them add a number.
    listed_phones = 0

    description = _long_text(listing_changes.FIELDS["description"])
    eligibility_description = _long_text(listing_changes.FIELDS["eligibility_description"])
    application_process = _long_text(listing_changes.FIELDS["application_process"])
    decision_process = _long_text(listing_changes.FIELDS["decision_process"])
    email = StringField("Email address", filters=[_stripped])
    # Every number the listing gives, then an empty row for one more (no script needed).
    phones = FieldList(FormField(PhoneRow))
    url = StringField("Website", filters=[_stripped])
    free = RadioField(
        "Is the service free to use?",
        choices=_choices(_YES_NO),
        validate_choice=False,
        validators=[AnyOf(list(_YES_NO), message="Select yes if the service is free to use")],
    )
    fees = _long_text("What it costs")
    minimum_age = StringField("Youngest age", filters=[_stripped])
    maximum_age = StringField("Oldest age", filters=[_stripped])
    status = RadioField(
        "Is the service taking new referrals?",
        choices=_choices(listing_changes.REFERRAL_STATUSES),
        validate_choice=False,
        validators=[
            AnyOf(
                list(listing_changes.REFERRAL_STATUSES),
                message="Select whether the service is open to new referrals",
            )
        ],
    )
    alert = _long_text(listing_changes.FIELDS["alert"])

    def validate_email(self, field: Field) -> None:
        """Empty, or an email address."""
        if field.data and (
            email_problem(field.data) or len(field.data) > length("service", "email")
        ):
            raise StopValidation(
                "Enter an email address in the correct format, like name@example.com"
            )

    def _phones_valid(self) -> bool:
        """Each number not being removed, named by its place on the form: a telephone number by
        the importer's rule (a form and a feed cannot disagree), what it is for as long as a feed
        may give, and no more numbers than a listing may have. A row left empty gives none."""
        kept = 0
        for place, entry in enumerate(self.phones.entries, start=1):
            row, name = entry.form, f"telephone number {place}"
            if row.remove.data:
                continue
            if row.number.data and (
                phone_problem(row.number.data) or len(row.number.data) > length("phone", "number")
            ):
                add_error(row.number, f"Enter {name} in the correct format, {PHONE_EXAMPLE}")
            elif row.description.data and not row.number.data:
                add_error(row.number, f"Enter {name}")
            limit = length("phone", "description")
            if len(row.description.data or "") > limit:
                add_error(
                    row.description, f"What {name} is for must be {limit} characters or fewer"
                )
            kept += bool(row.number.data)
            if row.number.data and kept > MAX_PHONES and not row.number.errors:
                add_error(
                    row.number,
                    f"A listing can give up to {MAX_PHONES} telephone numbers. Remove {name}",
                )
        # The list's errors were gathered when its rows were validated, before these checks:
        # gather them again so the error summary sees them.
        errors = [entry.errors for entry in self.phones.entries]
        self.phones.errors = errors if any(errors) else []
        return not self.phones.errors

    def validate_url(self, field: Field) -> None:
        """Empty, or a complete http or https address (never javascript: or the like)."""
        if field.data and (url_problem(field.data) or len(field.data) > length("service", "url")):
            raise StopValidation(
                "Enter a full web address that starts with https:// or http://, "
                "like https://www.example.com"
            )

    def _age(self, field: Field, label: str) -> int | None:
        if not field.data:
            return None
        if not digits_only(field.data) or int(field.data) > MAX_AGE:
            raise StopValidation(f"{label} must be a whole number from 0 to {MAX_AGE}")
        return int(field.data)

    def validate_minimum_age(self, field: Field) -> None:
        """A whole number from 0 to 25, or empty."""
        self._age(field, "Youngest age")

    def validate_maximum_age(self, field: Field) -> None:
        """A whole number from 0 to 25, or empty; not below the youngest age."""
        oldest = self._age(field, "Oldest age")
        youngest = self.minimum_age.data
        # A youngest age that is itself wrong has its own message: no second one here.
        if oldest is not None and digits_only(youngest) and oldest < int(youngest) <= MAX_AGE:
            raise StopValidation("Oldest age must be the same as or more than the youngest age")

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, the telephone numbers, then each day's opening and closing times."""
        valid: bool = super().validate(extra_validators)
        valid = self._phones_valid() and valid
        for code, name in DAY_NAMES.items():
            opens, closes = self[f"{code}_opens"], self[f"{code}_closes"]
            problem_opens, problem_closes = _day_problems(name, opens.data, closes.data)
            if problem_opens:
                add_error(opens, problem_opens)
            if problem_closes:
                add_error(closes, problem_closes)
            valid = valid and not (problem_opens or problem_closes)
        return valid

    def proposed(self) -> dict[str, Any]:
        """The listing as the form gives it, in the shape wizard/storage/listing_changes keeps."""
        values: dict[str, Any] = {
            name: self[name].data
            for name in (
                "description",
                "eligibility_description",
                "application_process",
                "decision_process",
                "email",
                "url",
                "fees",
                "status",
                "alert",
            )
        }
        values["free"] = self.free.data == "yes"
        for age in ("minimum_age", "maximum_age"):
            values[age] = int(self[age].data) if self[age].data else None
        # A request without any number row did not come from the form: it leaves them as they are.
        if self.phones.entries:
            rows = [entry.form for entry in self.phones.entries]
            values["phones"] = [
                [row.number.data, row.description.data]
                for row in rows
                if row.number.data and not row.remove.data
            ]
        values["opening_times"] = [
            [code, self[f"{code}_opens"].data, self[f"{code}_closes"].data]
            for code in DAY_NAMES
            if self[f"{code}_opens"].data
        ]
        return values

    @classmethod
    def starting_from(cls, values: dict[str, Any]) -> ListingForm:
        """The form starting from a listing's values (as current_values gives them); a POST fills it
        with what was sent instead."""
        form = cls(data=cls.data_from(values))
        form.listed_phones = len(values.get("phones") or [])
        return form

    @classmethod
    def data_from(cls, values: dict[str, Any]) -> dict[str, Any]:
        """The form's starting data from a listing's values (as current_values gives them)."""
        data: dict[str, Any] = {
            name: "" if values.get(name) is None else values[name]
            for name in listing_changes.FIELDS
            if name not in ("opening_times", "free", "minimum_age", "maximum_age", "phones")
        }
        phones = values.get("phones") or []
        data["phones"] = [{"number": number, "description": about} for number, about in phones]
        if len(phones) < MAX_PHONES:
            data["phones"].append({"number": "", "description": ""})
        data["free"] = "yes" if values.get("free") else "no"
        for age in ("minimum_age", "maximum_age"):
            data[age] = "" if values.get(age) is None else f"{values[age]:g}"
        for code, opens, closes in values.get("opening_times") or []:
            data[f"{code}_opens"], data[f"{code}_closes"] = opens, closes
        return data


def _day_problems(name: str, opens: str, closes: str) -> tuple[str | None, str | None]:
    """What is wrong with one day's times: both or neither, real 24-hour times, closing later."""
    problem_opens = problem_closes = None
    if opens and not _TIME.match(opens):
        problem_opens = f"Time it opens on {name} must be a real time, like 09:00 or 13:30"
    if closes and not _TIME.match(closes):
        problem_closes = f"Time it closes on {name} must be a real time, like 17:00 or 13:30"
    if opens and not closes and not problem_opens:
        problem_closes = f"Enter the time it closes on {name}"
    if closes and not opens and not problem_closes:
        problem_opens = f"Enter the time it opens on {name}"
    if not (problem_opens or problem_closes) and opens and closes and closes <= opens:
        problem_closes = f"Time it closes on {name} must be after the time it opens"
    return problem_opens, problem_closes


for _code, _name in DAY_NAMES.items():
    setattr(ListingForm, f"{_code}_opens", StringField(f"{_name} opens", filters=[_stripped]))
    setattr(ListingForm, f"{_code}_closes", StringField(f"{_name} closes", filters=[_stripped]))


class ReturnChangeForm(FlaskForm):  # type: ignore[misc]
    """Why an editor returns a provider's change (the provider reads it)."""

    reason = TextAreaField(
        "Why are you returning the change?",
        filters=[_stripped],
        validators=[
            DataRequired("Enter why you are returning the change"),
            _length("Why you are returning the change", MAX_NOTE),
        ],
    )


class ApproveChangeForm(FlaskForm):  # type: ignore[misc]
    """The "Approve and publish" button: no fields but the CSRF token."""


class WithdrawChangeForm(FlaskForm):  # type: ignore[misc]
    """The provider's "Withdraw this change" button: no fields but the CSRF token."""


class ProviderInviteForm(FlaskForm):  # type: ignore[misc]
    """A new provider: name, work email and the one organisation whose listings they keep."""

    name = InviteForm.name
    email = InviteForm.email
    organization = SelectField("Organisation", validate_choice=False)
    validate_email = InviteForm.validate_email

    def __init__(self, organizations: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.known = {org.id: org for org in organizations}
        self.organization.choices = [SelectChoice("", "Choose an organisation")] + [
            SelectChoice(org.id, org.name) for org in organizations
        ]

    def validate_organization(self, field: Field) -> None:
        """One of the directory's organisations."""
        if field.data not in self.known:
            raise StopValidation("Select the provider's organisation")
