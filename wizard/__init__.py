"""SEND Pathway Planner: a guided way into a council's SEND Local Offer."""

from pathlib import Path

#: The repository root: templates/, static/, questions/ and migrations/ live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
