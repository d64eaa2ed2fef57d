"""What a warm referral shares with a partner, in one place: the referral form lists exactly these
fields as "will be shared" and the partner's page shows exactly these (tested against each other)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, label) in the order shown on both pages. The values come from Referral.shared_data (set by
# services.minimal_share at sending) and the referral's message.
SHARED_FIELDS = (
    ("name", _("Name")),
    ("phone", _("Phone")),
    ("address", _("Address")),
    ("themes", _("Themes")),
    ("message", _("Message to the partner")),
)


def shared_view(ref) -> list[tuple[str, str, str]]:
    """(code, label, value) of what the partner of `ref` sees."""
    from zorgzaam.care.models import Theme

    data = ref.shared_data or {}
    codes = data.get("themes") or []
    names = {t.code: t.name for t in Theme.objects.filter(code__in=codes)} if codes else {}
    values = {
        "name": f"{data.get('first_name', '')} {data.get('last_name', '')}".strip(),
        "phone": data.get("phone") or "",
        "address": data.get("address") or "",
        "themes": ", ".join(names.get(c, c) for c in codes),
        "message": ref.message,
    }
    return [(code, str(label), values[code]) for code, label in SHARED_FIELDS]
