"""Serve the vendored GOV.UK Frontend at /assets/, where its precompiled CSS expects its files."""

from __future__ import annotations

from flask import Blueprint

from wizard.web.context import GOVUK_FRONTEND_DIR

blueprint = Blueprint(
    "govuk_assets",
    __name__,
    static_folder=str(GOVUK_FRONTEND_DIR),
    static_url_path="/assets",
)
