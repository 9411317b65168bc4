"""What a tagged PDF's structure tree says: the roles of its elements (H1, Table, TD, Link...)."""

from __future__ import annotations

import pikepdf


def structure_roles(pdf: pikepdf.Pdf) -> set[str]:
    """Every structure element role in the document's tag tree, such as "/H1" or "/TD"."""
    roles: set[str] = set()

    def walk(element: object, depth: int = 0) -> None:
        if depth > 60 or not isinstance(element, pikepdf.Dictionary):
            return
        if "/S" in element:
            roles.add(str(element.S))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    return roles
