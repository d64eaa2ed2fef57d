"""Field types for API schemas that promise only what the database can hold.

A plain `int` lets a client send 10**30 and the database (not validation) refuses it with a 500; a
plain `datetime.time` is published as JSON-schema `format: time`, which requires a UTC offset, while
the database stores wall-clock times without one. These types give a 422 instead and publish the
format the API really speaks.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field as NinjaField
from ninja import Query, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, Field, WithJsonSchema

# Primary keys are BigAutoField (settings.DEFAULT_AUTO_FIELD); other integer columns are 32-bit.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def id_query(default=None):
    """An optional id in the query string, for views whose annotations cannot name `Id` (@paginate)."""
    return Query(default, ge=1, le=MAX_ID)


Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
PositiveInt32 = Annotated[int, Field(ge=0, le=2**31 - 1)]
Year = Annotated[int, Field(ge=1900, le=2999)]


def _as_utc(value: dt.datetime) -> dt.datetime:
    # PostgreSQL refuses UTC offsets beyond +-15:59, which ISO 8601 (and so the schema) allows.
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:  # year 1 with a positive offset
        raise ValueError("date out of range") from exc


UtcDateTime = Annotated[dt.datetime, AfterValidator(_as_utc)]

LOCAL_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def _wall_clock(value: dt.time) -> dt.time:
    # Times are local to the network (Europe/Brussels); an offset would be silently wrong or refused
    # by the database, so it is refused here.
    if value.tzinfo is not None:
        raise ValueError("a local time without a UTC offset is expected")
    return value


LocalTime = Annotated[
    dt.time,
    AfterValidator(_wall_clock),
    WithJsonSchema({"type": "string", "pattern": LOCAL_TIME_PATTERN, "examples": ["14:30"]}),
]


class Pagination(LimitOffsetPagination):
    """limit/offset with bounds: ninja's own take any integer, and a LIMIT or OFFSET beyond the
    database range was a 500."""

    class Input(Schema):
        limit: int = NinjaField(100, ge=1, le=1000)
        offset: int = NinjaField(0, ge=0, le=2**31 - 1)
