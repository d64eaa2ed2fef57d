"""The registry of audit event kinds. Each app registers its own kinds in its AppConfig.ready()
or at import of its services module; recording an unregistered kind is a programming error."""

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, str] = {}


def register(kind: str, label) -> str:
    KINDS[kind] = label
    return kind


def label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


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
PERSON_EXPORTED = register("person.exported", _("Person's data exported"))
CONSENT_RECORDED = register("consent.recorded", _("Consent recorded"))
ROLE_GRANTED = register("role.granted", _("Role granted"))
ROLE_REVOKED = register("role.revoked", _("Role revoked"))
ACT_START = register("assist.start", _("Started acting on behalf of a resident"))
ACT_STOP = register("assist.stop", _("Stopped acting on behalf of a resident"))
AUDIT_EXPORTED = register("audit.exported", _("Audit log exported"))
AREA_CREATED = register("area.created", _("Area created"))
AREA_UPDATED = register("area.updated", _("Area updated"))
NETWORK_UPDATED = register("network.updated", _("Network updated"))
ORGANISATION_CREATED = register("organisation.created", _("Organisation created"))
ORGANISATION_UPDATED = register("organisation.updated", _("Organisation updated"))
