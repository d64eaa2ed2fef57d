"""Write a HelperChange row whenever something a helper is matched on changes.

Signals rather than calls in each service: every path that saves these models (services, admin,
imports that save one by one) is covered, including ones added later. Bulk writes that skip signals
(`bulk_create`, `QuerySet.update`) are picked up by the daily rebuild of each process's index.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

# (app label, model, how to get (network id, person id) from an instance)
_WATCHED = (
    ("people", "Person", lambda o: (o.network_id, o.pk)),
    ("people", "PersonTag", lambda o: _via_person(o.person_id)),
    ("people", "RoleAssignment", lambda o: _via_person(o.person_id)),
    ("people", "Consent", lambda o: _via_person(o.person_id)),
    ("volunteers", "VolunteerProfile", lambda o: _via_person(o.person_id)),
    ("volunteers", "SafeguardingRecord", lambda o: _via_person(o.person_id)),
    ("care", "Match", lambda o: _via_person(o.helper_id)),
)


def _via_person(person_id):
    from zorgzaam.people.models import Person

    network_id = Person.objects.filter(pk=person_id).values_list("network_id", flat=True).first()
    return network_id, person_id


def record(network_id, person_ids) -> None:
    from zorgzaam.matching.models import HelperChange

    if network_id is None:
        return
    HelperChange.objects.bulk_create(
        [HelperChange(network_id=network_id, person_id=pid) for pid in sorted(set(person_ids))]
    )


def _handler(get):
    def handle(sender, instance, raw=False, **kwargs):
        if raw:  # fixtures
            return
        network_id, person_id = get(instance)
        if person_id is not None:
            record(network_id, [person_id])

    return handle


def _languages_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from zorgzaam.people.models import Person

    if not action.startswith("post_"):
        return
    if not reverse:
        record(instance.network_id, [instance.pk])
    elif pk_set:  # language.person_set changed: group by network
        for network_id, pid in Person.objects.filter(pk__in=pk_set).values_list("network_id", "pk"):
            record(network_id, [pid])


_handlers = []


def connect() -> None:
    from django.apps import apps

    for app_label, model_name, get in _WATCHED:
        if not apps.is_installed(f"zorgzaam.{app_label}"):
            continue
        model = apps.get_model(app_label, model_name)
        handler = _handler(get)
        _handlers.append(handler)  # signals keep weak references
        post_save.connect(handler, sender=model, dispatch_uid=f"helper-change-save-{model_name}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"helper-change-delete-{model_name}")
    person = apps.get_model("people", "Person")
    m2m_changed.connect(
        _languages_changed, sender=person.languages.through, dispatch_uid="helper-change-languages"
    )
