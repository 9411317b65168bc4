"""Providers' accounts: a provider belongs to one organisation, whose listings they look after."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.storage import staff_accounts
from wizard.storage.directory_models import Organization
from wizard.storage.staff_models import ProviderOrganization, User


def create_provider(session: Session, email: str, name: str, organization_id: str) -> User:
    """Add a provider for one organisation (they accept an invitation first, as all staff do)."""
    user = staff_accounts.create_user(session, email, name, "provider")
    session.add(ProviderOrganization(user_id=user.id, organization_id=organization_id))
    session.flush()
    return user


def organization_id_of(session: Session, user: User) -> str | None:
    """The organisation a provider belongs to (None for any other account)."""
    if user.role != "provider":
        return None
    return session.scalar(
        select(ProviderOrganization.organization_id).where(ProviderOrganization.user_id == user.id)
    )


def providers(session: Session) -> list[tuple[User, str]]:
    """Every provider account with its organisation's name, by organisation then name."""
    query = (
        select(User, Organization.name)
        .outerjoin(ProviderOrganization, ProviderOrganization.user_id == User.id)
        .outerjoin(Organization, Organization.id == ProviderOrganization.organization_id)
        .where(User.role == "provider")
        .order_by(Organization.name, User.name, User.id)
    )
    return [(user, org or "") for user, org in session.execute(query)]


def find_provider(session: Session, user_id: int) -> User | None:
    """A provider account by id (None for any other account)."""
    user = session.get(User, user_id)
    return user if user is not None and user.role == "provider" else None


def organizations(session: Session) -> list[Organization]:
    """Every organisation in the directory, by name."""
    return list(session.scalars(select(Organization).order_by(Organization.name, Organization.id)))


def organization(session: Session, organization_id: str | None) -> Organization | None:
    """One organisation by id."""
    return session.get(Organization, organization_id) if organization_id else None
