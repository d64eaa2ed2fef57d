"""Urgent work first (issue 13 item 7): the default order of request lists, and how long a request
has been waiting, in words.

"Waiting since" is `Request.last_activity_at`: set when the request is made and moved on by every
timeline entry (a status change, a note, a helper asked, a referral; services.timeline_step). So a request
nobody touched keeps its old date and rises, while one that is being worked on moves down among
requests of the same urgency.

Order: urgency (urgent, soon, normal, can wait), then the longest waiting first, then id: a total
order, so offset pages (page and API) never repeat or skip a row. The urgency rank is one SQL CASE
expression, so the database sorts (no Python sort of the whole list). Not yet indexed: an expression
index on (network, rank, last_activity_at, id) is the next step for very large networks; today the
existing (network, status, ...) index narrows the rows to the open ones of the network first.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from zorgzaam.care.models import Urgency

# Most urgent first: the rank is what the list sorts on (lowest first).
URGENCY_ORDER = [Urgency.URGENT, Urgency.HIGH, Urgency.NORMAL, Urgency.LOW]


def urgency_rank() -> Case:
    return Case(
        *(When(urgency=u.value, then=Value(i)) for i, u in enumerate(URGENCY_ORDER)),
        default=Value(len(URGENCY_ORDER)),
        output_field=IntegerField(),
    )


ORDERING = (urgency_rank().asc(), "last_activity_at", "id")


def urgent_first(qs: QuerySet) -> QuerySet:
    """Requests in work order: the most urgent, then the longest untouched."""
    return qs.order_by(*ORDERING)


def waiting_words(since, now=None) -> str:
    """'waiting 2 months' / 'wacht al 2 maanden': only the largest unit (Django's timesince, translated
    with plurals in every language Django ships)."""
    if since is None:
        return ""
    return _("waiting %(age)s") % {"age": timesince(since, now or timezone.now(), depth=1)}
