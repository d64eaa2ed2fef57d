"""Moving a duplicate person's records to the survivor (issue 12: merging two persons).

Apps describe their relations to a person declaratively and register the resulting hook:

    registry.register_merge(*mover(Move("community.Registration.person", clash=("occurrence",))))

`core` imports no domain app: models are looked up by label when the hook runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Move:
    """One relation "app.Model.field" to a person. `clash` names the other fields of a unique
    constraint with the person field: a duplicate's row whose twin already belongs to the survivor
    is deleted (the survivor's row stays) or, with on_clash="null", loses its link to the person
    (an anonymous row that still counts, e.g. a survey response)."""

    label: str
    clash: tuple[str, ...] = ()
    on_clash: str = "delete"

    def parts(self):
        app_label, model_name, field_name = self.label.split(".")
        model = apps.get_model(app_label, model_name)
        return model, model._meta.get_field(field_name)


def move_relation(spec: Move, survivor, duplicate) -> int:
    """Re-point one relation from duplicate to survivor; returns the number of rows moved."""
    model, field = spec.parts()
    if field.many_to_many:
        through = field.remote_field.through
        src = field.m2m_field_name()
        dst = field.m2m_reverse_field_name()
        rows = through.objects.filter(**{dst: duplicate.pk})
        have = set(through.objects.filter(**{dst: survivor.pk}).values_list(f"{src}_id", flat=True))
        owners = list(rows.values_list(f"{src}_id", flat=True))
        through.objects.bulk_create(
            [through(**{f"{src}_id": o, f"{dst}_id": survivor.pk}) for o in owners if o not in have]
        )
        rows.delete()
        return len(owners)
    mine = model.objects.filter(**{field.name: duplicate})
    if field.one_to_one:
        if model.objects.filter(**{field.name: survivor}).exists():
            _resolve(mine, field.name, spec.on_clash)
            return 0
    elif spec.clash:
        theirs = model.objects.filter(**{field.name: survivor}).values(*spec.clash)
        twins = models.Q()
        for values in theirs:
            twins |= models.Q(**values)
        if twins:
            _resolve(mine.filter(twins), field.name, spec.on_clash)
    return mine.update(**{field.name: survivor})


def _resolve(qs, field_name: str, on_clash: str) -> None:
    if on_clash == "null":
        qs.update(**{field_name: None})
    else:
        qs.delete()


def mover(*specs: Move) -> tuple[Callable, list[str]]:
    """A merge hook moving every relation in `specs`, and the labels it covers (for register_merge)."""

    def hook(actor, survivor, duplicate) -> None:
        for spec in specs:
            move_relation(spec, survivor, duplicate)

    return hook, [s.label for s in specs]
