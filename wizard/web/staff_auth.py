"""Staff sign-in: password, then a code from an authenticator app; invitations; sign-out; timeouts.

The browser's cookie holds a random session token; the session itself is a database row, so signing
out, or an administrator disabling the account, ends it at once on every worker. Sessions end after
30 minutes without a request and 12 hours after sign-in, whatever happens.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from wizard.accounts import passwords, totp
from wizard.storage import audit, limits, staff_accounts
from wizard.storage.db import db_session
from wizard.storage.staff_models import StaffSession, User
from wizard.web.context import (
    ENROLLING,
    PENDING_SECRET,
    STAFF_KEY,
    forget_staff,
    home_for,
    now,
    sealer,
    staff_user,
)
from wizard.web.errors import render_error
from wizard.web.staff_forms import (
    WRONG_CODE,
    CodeForm,
    InvitationForm,
    SetUpCodeForm,
    SignInForm,
    add_error,
)

blueprint = Blueprint("staff_auth", __name__, url_prefix="/staff")

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
#: Failed sign-ins allowed in the window, per email address and per network address.
FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 30
WINDOW = timedelta(minutes=15)
#: Half-signed-in sessions (password given, code not yet) an account may have at once.
PENDING_PER_ACCOUNT = 3
ISSUER = "SEND Pathway Planner"
#: The session key for an invitation being taken up (the sign-in's own keys are in context).
INVITATION = "staff_invitation"


def load_staff() -> None:
    """Before each request: find the staff session, end it if timed out or disabled, note activity."""
    token = session.get(STAFF_KEY)
    if not token or request.endpoint in (None, "static", "govuk_assets.static"):
        return
    found = staff_accounts.find_session(db_session(), token)
    moment = now()
    if found is None:
        forget_staff(None)
        return
    staff_session, user = found
    started, last_seen = staff_accounts.session_times(staff_session)
    if not user.active or moment - last_seen > IDLE or moment - started > ABSOLUTE:
        forget_staff(staff_session)
        if user.active:
            reason = (
                "you signed in more than 12 hours ago"
                if moment - started > ABSOLUTE
                else "you had not used the service for 30 minutes"
            )
            flash(f"You were signed out because {reason}. Everything you saved is kept.", "info")
        return
    # A write on every request would serialise a busy keyworker's tabs: once a minute is enough.
    if request.endpoint != "staff_auth.keep_alive" and moment - last_seen > timedelta(minutes=1):
        staff_session.last_seen_at = moment
        db_session().commit()
    g.staff_session, g.staff_user = staff_session, user


def _address() -> str:
    return request.remote_addr or "unknown"


def _safe_next(target: str | None, user: User) -> str:
    """Where to go after signing in: a staff path asked for (never another site), else home."""
    if target and target.startswith("/staff/") and "//" not in target and "\\" not in target:
        return target
    return home_for(user)


def _take_attempt(email: str, moment: datetime) -> tuple[int | None, bool]:
    """Count this attempt for the email and the address *before* checking a password or code.

    The answer is the attempts now counted for the email (this one included), or None when the
    email or the address has reached its limit; and whether it was the email's own limit.
    Committed at once, so other requests see it.
    """
    database = db_session()
    by_address = limits.take_attempt(
        database, limits.limit_key("address", _address()), FAILURES_PER_ADDRESS, WINDOW, moment
    )
    by_email = None
    if by_address is not None:
        by_email = limits.take_attempt(
            database, limits.limit_key("email", email), FAILURES_PER_EMAIL, WINDOW, moment
        )
        if by_email is None:
            limits.give_back_attempt(database, limits.limit_key("address", _address()))
    database.commit()
    return by_email, by_address is not None and by_email is None


def _give_back_attempt(email: str) -> None:
    """A right password or code does not count against the limits (committed by the caller)."""
    database = db_session()
    limits.give_back_attempt(database, limits.limit_key("email", email))
    limits.give_back_attempt(database, limits.limit_key("address", _address()))


def _lock_out(user: User | None, tripped: bool) -> None:
    """The account's limit is reached: end every half-signed-in session of it (committed here).

    `tripped` is true for the attempt that reached the limit, which is audited once.
    """
    if user is None:
        return
    database = db_session()
    moment = now()
    ended = staff_accounts.end_pending_sessions(database, user.id, moment)
    if tripped:
        audit.audit(
            database,
            "sign_in_locked",
            case_id=None,
            actor="system",
            detail=f"user {user.id}: too many attempts; {ended} half-signed-in session(s) ended",
            now=moment,
        )
    database.commit()


def _password_user(email: str, password: str, moment: datetime) -> User | None:
    """The active user whose password this is (the attempt is recorded); None otherwise.

    An unknown email still costs a full hash check, so timing does not reveal who has an account.
    The caller has already counted the attempt (`_take_attempt`); a right password gives it back.
    """
    user = staff_accounts.find_user_by_email(db_session(), email)
    stored = user.password_hash if user is not None and user.active else None
    ok = passwords.verify_password(stored, password)
    staff_accounts.record_attempt(db_session(), email, _address(), ok, moment)
    if ok:
        _give_back_attempt(email)
    if not ok or user is None or stored is None:
        return None
    if passwords.needs_rehash(stored):
        user.password_hash = passwords.hash_password(password)
    return user


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | str | tuple[Any, int]:
    """Email and password."""
    signed_in = staff_user()
    if signed_in is not None:
        return redirect(home_for(signed_in))
    form = SignInForm()
    if form.is_submitted():
        # Only the fields' presence is checked here: an empty form never counts an attempt nor
        # reaches the password check.
        complete = form.validate()
        email, password = form.email.data or "", form.password.data or ""
        moment = now()
        counted, account_locked = _take_attempt(email, moment) if complete else (None, False)
        if complete and counted is None:
            if account_locked:
                _lock_out(staff_accounts.find_user_by_email(db_session(), email), tripped=False)
            return render_error(429)
        user = _password_user(email, password, moment) if complete else None
        if complete and user is None:
            add_error(form.email, "Enter a correct email address and password")
            if counted is not None and counted >= FAILURES_PER_EMAIL:
                _lock_out(staff_accounts.find_user_by_email(db_session(), email), tripped=True)
        elif user is not None and user.totp_secret is None:
            # Only the invitation's own session may enrol an app: a password alone must never be
            # enough to attach an attacker's authenticator to the account.
            add_error(
                form.email,
                "Your account is not set up yet. Use your invitation link, or ask an "
                "administrator for a new invitation",
            )
        elif user is not None:
            token = _begin(user, moment)
            db_session().commit()
            # At most a few half-signed-in sessions per account: the oldest go.
            staff_accounts.limit_pending_sessions(
                db_session(), user.id, token, PENDING_PER_ACCOUNT, moment
            )
            db_session().commit()
            return redirect(url_for("staff_auth.code", next=request.args.get("next")))
        db_session().commit()  # the failed attempt counts towards the limit
    return render_template(
        "staff/sign_in.html",
        form=form,
        timed_out=request.args.get("timed_out") == "1",
    ), (400 if form.errors else 200)


def _begin(user: User, moment: datetime) -> str:
    """A new session for this user: the old cookie contents go (session fixation), a new token."""
    old = session.get(STAFF_KEY)
    if old:
        found = staff_accounts.find_session(db_session(), old)
        if found is not None:
            staff_accounts.end_session(db_session(), found[0], moment)
    session.clear()
    token = staff_accounts.start_session(db_session(), user.id, moment, verified=False)
    session[STAFF_KEY] = token
    return token


def _pending() -> tuple[StaffSession, User]:
    """The signed-in but not yet verified session (else back to sign-in)."""
    staff_session: StaffSession | None = g.get("staff_session")
    user: User | None = g.get("staff_user")
    if staff_session is None or user is None:
        abort(redirect(url_for("staff_auth.sign_in")))
    if staff_session.verified:
        abort(redirect(home_for(user)))
    return staff_session, user


def _code_failed(user: User, counted: int) -> None:
    """A wrong code counts like a wrong password; the one that reaches the account's limit ends
    every half-signed-in session of the account, this one included."""
    database = db_session()
    staff_accounts.record_attempt(database, user.email, _address(), False, now())
    database.commit()
    if counted >= FAILURES_PER_EMAIL:
        _lock_out(user, tripped=True)
        forget_staff(g.staff_session)


@blueprint.route("/sign-in/code", methods=["GET", "POST"])
def code() -> Response | str | tuple[Any, int]:
    """The 6-digit code from the authenticator app."""
    staff_session, user = _pending()
    form = CodeForm()
    if form.validate_on_submit():
        entered = form.code.data
        # The account's lock is checked, and this guess counted, before the code is looked at:
        # guesses spread over many sessions, or sent all at once, share the one limit.
        counted, account_locked = _take_attempt(user.email, now())
        if counted is None:
            if account_locked:
                _lock_out(user, tripped=False)
            forget_staff(staff_session)
            return render_error(429)
        secret = staff_accounts.totp_secret_of(user, sealer())
        step = totp.accepted_step(secret or "", entered, user.totp_last_step, now().timestamp())
        if step is not None and staff_accounts.accept_totp_step(db_session(), user.id, step):
            _give_back_attempt(user.email)
            staff_session.verified = True
            db_session().commit()
            return redirect(_safe_next(request.args.get("next"), user))
        add_error(form.code, WRONG_CODE)
        _code_failed(user, counted)
        if session.get(STAFF_KEY) is None:
            return render_error(429)
    return render_template("staff/code.html", form=form), (400 if form.errors else 200)


@blueprint.route("/set-up-authenticator", methods=["GET", "POST"])
def set_up_authenticator() -> Response | str | tuple[str, int]:
    """First sign-in: scan a QR code into an authenticator app and enter a code to prove it works."""
    staff_session, user = _pending()
    if user.totp_secret is not None or not session.get(ENROLLING):
        return redirect(url_for("staff_auth.code"))
    secret = session.get(PENDING_SECRET) or totp.new_secret()
    session[PENDING_SECRET] = secret
    form = SetUpCodeForm()
    if form.validate_on_submit():
        step = totp.accepted_step(secret, form.code.data, 0, now().timestamp())
        if step is None:
            add_error(form.code, WRONG_CODE)
        else:
            staff_accounts.set_totp_secret(db_session(), user, sealer(), secret)
            user.totp_last_step = step
            staff_session.verified = True
            db_session().commit()
            session.pop(PENDING_SECRET, None)
            session.pop(ENROLLING, None)
            flash(
                "Your authenticator app is set up. You will need it each time you sign in.",
                "success",
            )
            return redirect(home_for(user))
    uri = totp.setup_uri(secret, user.email, ISSUER)
    return render_template(
        "staff/set_up_authenticator.html",
        qr=totp.qr_svg_data_uri(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        form=form,
    ), (400 if form.errors else 200)


@blueprint.get("/invitation/<token>")
def invitation_link(token: str) -> Response | tuple[str, int]:
    """Open an invitation link: keep its token in the session and show the form at an address
    without it, so it stays out of the address bar, the history and Referers (ADR 0016)."""
    if staff_accounts.find_invite(db_session(), token, now()) is None:
        return render_template("staff/invitation_not_found.html"), 404
    session[INVITATION] = token
    return redirect(url_for("staff_auth.invitation"))


@blueprint.route("/invitation", methods=["GET", "POST"])
def invitation() -> Response | str | tuple[str, int]:
    """Accept an invitation: choose a password (then set up the authenticator app)."""
    database = db_session()
    token = session.get(INVITATION)
    found = staff_accounts.find_invite(database, token, now()) if isinstance(token, str) else None
    if found is None:
        session.pop(INVITATION, None)
        return render_template("staff/invitation_not_found.html"), 404
    invite, user = found
    form = InvitationForm(user.email)
    if form.validate_on_submit():
        moment = now()
        new_hash = passwords.hash_password(form.password.data)  # slow: before the row is held
        if not staff_accounts.accept_invite(database, invite, moment):
            # Used or cancelled meanwhile (another tab, or a newer link accepted first).
            database.rollback()
            return render_template("staff/invitation_not_found.html"), 404
        user.password_hash = new_hash
        user.totp_key = user.totp_secret = None  # a new invitation also resets the app
        staff_accounts.end_user_sessions(database, user.id, moment)
        _begin(user, moment)  # a fresh session: the invitation's token goes with the old one
        session[ENROLLING] = True
        database.commit()
        return redirect(url_for("staff_auth.set_up_authenticator"))
    return render_template("staff/invitation.html", user=user, form=form), (
        400 if form.errors else 200
    )


@blueprint.post("/sign-out")
def sign_out() -> Response:
    """End the session now."""
    forget_staff(g.get("staff_session"))
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("staff_auth.sign_in"))


@blueprint.post("/keep-alive")
def keep_alive() -> tuple[str, int]:
    """The timeout warning's "Stay signed in" button: note activity."""
    staff_session: StaffSession | None = g.get("staff_session")
    if staff_session is None or not staff_session.verified:
        return "", 401
    staff_session.last_seen_at = now()
    db_session().commit()
    return "", 204


def init_app(app: Any) -> None:
    """Load the staff session before every request, and tell templates who is signed in."""
    app.before_request(load_staff)
    app.context_processor(
        lambda: {
            "staff": staff_user(),
            "staff_timeout_seconds": int(IDLE.total_seconds()),
        }
    )
