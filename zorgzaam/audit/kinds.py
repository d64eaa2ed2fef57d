"""The registry of audit event kinds and how each is rendered for the reader. Each app registers its
own kinds at start-up (its AppConfig.ready() imports the module that declares them; a test checks
that importing every module afterwards adds none); recording an unregistered kind is a programming
error. An event stores codes and parameters (its `data`); the label and the sentence are rendered
when the log is read, in the reader's language (labels are lazy translations)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from zorgzaam.core.texts import PLACEHOLDER
from zorgzaam.people.models import Consent, Role

KINDS: dict[str, str] = {}


@dataclass(frozen=True)
class Sentence:
    """A sentence about one event, filled from its data (`formats` turn stored codes into words)."""

    text: Any
    formats: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    sample: Mapping[str, Any] = field(default_factory=dict)


SENTENCES: dict[str, Sentence] = {}


def register(kind: str, label, sentence=None, **options) -> str:
    KINDS[kind] = label
    if sentence is not None:
        describe(kind, sentence, **options)
    return kind


def describe(kind: str, sentence, *, formats=None, sample=None) -> None:
    """Attach a sentence (a lazy translation with %(name)s placeholders from the event's data) to a
    registered kind; the owning app calls this at start-up."""
    if kind not in KINDS:
        raise ValueError(f"Unregistered audit event kind: {kind}")
    SENTENCES[kind] = Sentence(sentence, formats or {}, sample or {})


def label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def sentence(kind: str, data: dict | None, object_type: str = "") -> str:
    """The sentence of one event in the active language; empty when the kind has none or the event's
    data lacks what it names (events older than the sentence). Kinds without a sentence of their own
    that list changed fields get "Changed: <field names>" from the model's verbose names."""
    if not isinstance(data, dict):
        return ""
    described = SENTENCES.get(kind)
    if described is None:
        return _changed_fields(data.get("fields"), object_type)
    values = dict(data)
    try:
        for name, fmt in described.formats.items():
            if name in values:
                values[name] = fmt(values[name])
        return str(described.text) % values
    except (KeyError, ValueError, TypeError):
        return ""


def _changed_fields(fields, object_type: str) -> str:
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if not isinstance(fields, list) or not fields or "." not in object_type:
        return ""
    try:
        meta = apps.get_model(object_type)._meta
    except LookupError:
        return ""
    names = []
    for name in fields:
        try:
            field = meta.get_field(str(name))
        except FieldDoesNotExist:
            continue  # a field since removed, or not a model field (tags): left out, never a raw code
        label = getattr(field, "verbose_name", None)  # reverse relations have none: left out too
        if label:
            names.append(str(label))
    return str(_("Changed: %(fields)s") % {"fields": ", ".join(names)}) if names else ""


def placeholders(kind: str) -> set[str]:
    described = SENTENCES.get(kind)
    if described is None:
        return set()
    from django.utils import translation

    with translation.override(None):
        return set(PLACEHOLDER.findall(str(described.text)))


def _role(code) -> str:
    return str(Role(code).label)


def _purpose(code) -> str:
    return str(Consent.Purpose(code).label)


def _yes_no(value) -> str:
    return str(_("given") if value else _("refused or withdrawn"))


_ROLE = {"formats": {"role": _role}, "sample": {"role": "volunteer"}}

LOGIN = register("auth.login", _("Logged in"))
LOGIN_FAILED = register("auth.login_failed", _("Failed login"))
LOGOUT = register("auth.logout", _("Logged out"))
LOCKED_OUT = register("auth.locked_out", _("Login locked after repeated failures"))
TOTP_ENABLED = register("auth.totp_enabled", _("Two-step login switched on"))
TOKEN_CREATED = register("auth.token_created", _("API token created"))
TOKEN_REVOKED = register("auth.token_revoked", _("API token revoked"))
PERSON_CREATED = register("person.created", _("Person created"))
PERSON_UPDATED = register("person.updated", _("Person updated"))
PERSON_VIEWED = register("person.viewed", _("Person viewed"))
PERSON_ERASED = register("person.erased", _("Person erased (anonymised)"))
PERSON_MERGED = register(
    "person.merged",
    _("Two records of one person merged"),
    _("Record #%(duplicate)s merged into record #%(survivor)s"),
    sample={"duplicate": 2, "survivor": 1},
)
PERSON_EXPORTED = register("person.exported", _("Person's data exported"))
CONSENT_RECORDED = register(
    "consent.recorded",
    _("Consent recorded"),
    _("%(purpose)s: consent %(granted)s"),
    formats={"purpose": _purpose, "granted": _yes_no},
    sample={"purpose": "share", "granted": True},
)
ROLE_GRANTED = register("role.granted", _("Role granted"), _("Role: %(role)s"), **_ROLE)
ROLE_REVOKED = register("role.revoked", _("Role revoked"), _("Role: %(role)s"), **_ROLE)
ACT_START = register("assist.start", _("Started acting on behalf of a resident"))
ACT_STOP = register("assist.stop", _("Stopped acting on behalf of a resident"))
AUDIT_EXPORTED = register("audit.exported", _("Audit log exported"))
AREA_CREATED = register("area.created", _("Area created"))
AREA_UPDATED = register("area.updated", _("Area updated"))
NETWORK_UPDATED = register("network.updated", _("Network updated"))
ORGANISATION_CREATED = register("organisation.created", _("Organisation created"))
ORGANISATION_UPDATED = register("organisation.updated", _("Organisation updated"))
