"""Serve the vendored GOV.UK Frontend at /assets/, where its precompiled CSS expects its files."""

from __future__ import annotations

from flask import Blueprint

from wizard import PROJECT_ROOT

GOVUK_FRONTEND_DIR = PROJECT_ROOT / "static" / "govuk-frontend"
GOVUK_FRONTEND_VERSION = (GOVUK_FRONTEND_DIR / "VERSION").read_text(encoding="utf-8").strip()

blueprint = Blueprint(
    "govuk_assets",
    __name__,
    static_folder=str(GOVUK_FRONTEND_DIR),
    static_url_path="/assets",
)
