"""Service-level endpoints: health."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import AppError, error_responses

router = APIRouter(route_class=TransactionalRoute, tags=["service"])


class Health(BaseModel):
    status: str


class DatabaseUnavailable(AppError):
    status = 503
    default_detail = "The database does not answer."


@router.get("/health", responses=error_responses(503))
async def health(uow: Uow) -> Health:
    """200 when the database answers. Public."""
    try:
        await uow.session.execute(text("SELECT 1"))
    except Exception as exc:
        raise DatabaseUnavailable() from exc
    return Health(status="ok")
