"""The pure core: question graph, conditions, engine, derived dates and pathway.

Nothing here imports Flask, SQLAlchemy, WTForms or WeasyPrint; tests/test_architecture.py enforces it.
"""
