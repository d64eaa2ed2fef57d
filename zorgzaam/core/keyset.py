"""Keyset (cursor) paging for large list APIs (issue 15 item 5).

`offset` makes the database walk and discard every earlier row: page 3,000 of a city's people list
reads 300,000 rows. A cursor names the last row seen (its ordering values, opaque to clients) and the
next page starts right after it: `WHERE (last_name, first_name, id) > (...)`, read through an index.
`offset` keeps working for existing clients and is documented as slow for deep pages. A bad
cursor is a 422 on the field `cursor` (like any other invalid input).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Schema

from zorgzaam.core.api_types import Pagination

MAX_CURSOR = 1000  # characters: checked before decoding (a cursor holds a few names and an id)


def _ordering(qs: QuerySet) -> list[tuple[str, bool]]:
    """(field, descending) of the queryset's ordering, ending with the primary key (a total order)."""
    names = list(qs.query.order_by) or list(qs.model._meta.ordering)
    fields = [(n.lstrip("-"), n.startswith("-")) for n in names]
    fields = [("pk" if f == "id" else f, desc) for f, desc in fields]
    if not any(f == "pk" for f, _desc in fields):
        fields.append(("pk", False))
    return fields


def encode_cursor(obj, ordering) -> str:
    values = [getattr(obj, "pk" if f == "pk" else f) for f, _desc in ordering]
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, n: int) -> list:
    if len(cursor) > MAX_CURSOR:
        raise ValidationError({"cursor": _("This cursor is not valid: start again from the first page.")})
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    ok = isinstance(values, list) and len(values) == n and all(isinstance(v, (str, int)) for v in values)
    if not ok:
        raise ValidationError({"cursor": _("This cursor is not valid: start again from the first page.")})
    return values


def after(qs: QuerySet, ordering, values) -> QuerySet:
    """Rows strictly after `values` in `ordering`: (a > x) OR (a = x AND b > y) OR ..."""
    cond = Q(pk__in=[])
    for i, (field, desc) in enumerate(ordering):
        step = Q(**{f"{f}": v for (f, _d), v in zip(ordering[:i], values[:i], strict=True)})
        step &= Q(**{f"{field}__{'lt' if desc else 'gt'}": values[i]})
        cond |= step
    return qs.filter(cond)


class KeysetInput(Schema):
    limit: int = NinjaField(100, ge=1, le=1000)
    offset: int = NinjaField(0, ge=0, le=2**31 - 1)
    cursor: str | None = NinjaField(None, max_length=MAX_CURSOR)


class KeysetOutput(Schema):
    items: list[Any]
    count: int
    next_cursor: str | None = None


class KeysetPagination(Pagination):
    """limit plus an opaque `cursor` (from the previous page's `next_cursor`); `offset` still works
    (slow for deep pages) when no cursor is given."""

    # Own class names: OpenAPI components are keyed by name (Pagination's are Input/Output).
    Input = KeysetInput
    Output = KeysetOutput

    def paginate_queryset(self, queryset, pagination, request, **params):
        limit = min(pagination.limit, self.max_limit)
        ordering = _ordering(queryset)
        qs = queryset.order_by(*[f"-{f}" if desc else f for f, desc in ordering])
        if pagination.cursor:
            page = list(after(qs, ordering, decode_cursor(pagination.cursor, len(ordering)))[: limit + 1])
        else:
            page = list(qs[pagination.offset : pagination.offset + limit + 1])
        more, page = len(page) > limit, page[:limit]
        return {
            "items": page,
            "count": self._items_count(queryset),
            "next_cursor": encode_cursor(page[-1], ordering) if more and page else None,
        }
