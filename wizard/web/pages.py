"""The start page and the service's information pages (accessibility, privacy, cookies, contact)."""

from __future__ import annotations

from flask import Blueprint, render_template

from wizard.web.context import GOVUK_FRONTEND_VERSION

blueprint = Blueprint("pages", __name__)


@blueprint.get("/")
def start() -> str:
    """The GOV.UK-style start page: what the service does, who it is for, Start now."""
    return render_template("pages/start.html")


@blueprint.get("/accessibility-statement")
def accessibility() -> str:
    """The accessibility statement."""
    return render_template(
        "pages/accessibility.html", govuk_frontend_version=GOVUK_FRONTEND_VERSION
    )


@blueprint.get("/privacy")
def privacy() -> str:
    """The privacy notice."""
    return render_template("pages/privacy.html")


@blueprint.get("/cookies")
def cookies() -> str:
    """The cookies page: one essential cookie, and nothing else."""
    return render_template("pages/cookies.html")


@blueprint.get("/contact")
def contact() -> str:
    """How to contact the council's SEND team, advice services, and the team running this service."""
    return render_template("pages/contact.html")
