"""Sectors: saving an indicator definition."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.permissions import require as _require
from zorgzaam.people.actor import Actor
from zorgzaam.sectors.models import (
    Indicator,
)
from zorgzaam.sectors.services.permissions import INDICATOR_SAVED, is_platform_admin

# --- catalogue, uploads, jobs -------------------------------------------------------------------


INDICATOR_FIELDS = [
    "code",
    "name_nl",
    "name_fr",
    "name_en",
    "definition",
    "source",
    "unit",
    "kind",
    "numerator_code",
    "denominator_code",
    "aggregation",
    "population_group",
    "year",
]


def save_indicator(actor: Actor, indicator: Indicator | None = None, **fields) -> Indicator:
    """Create or edit a catalogue entry; the aggregation rule must fit the kind of figure. The catalogue
    is shared by every network (it decides how every network's figures add up): platform admin only."""
    _require(is_platform_admin(actor))
    indicator = indicator or Indicator()
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name] if fields[name] is not None or name == "year" else "")
    errors: dict[str, str] = {}
    if indicator.kind == Indicator.Kind.MEDIAN and indicator.aggregation != Indicator.Aggregation.NONE:
        errors["aggregation"] = _("A median cannot be added up or recomputed: choose “not aggregable”.")
    if indicator.aggregation == Indicator.Aggregation.SUM and indicator.kind not in (Indicator.Kind.COUNT,):
        errors["aggregation"] = _("Only counts can be added up.")
    for f in ("numerator_code", "denominator_code"):
        code = getattr(indicator, f)
        if code and (code == indicator.code or not Indicator.objects.filter(code=code).exists()):
            errors[f] = _("Choose an existing indicator.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        record(actor, INDICATOR_SAVED, obj=indicator, data={"code": indicator.code})
    return indicator
