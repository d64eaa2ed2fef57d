"""Printed output with reportlab: invitation letters (one page per person) and the one-page flyer
of a neighbourhood for people who are offline."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
MARGIN = 20 * mm


def _wrap(c: canvas.Canvas, text: str, x: float, y: float, width: float, size: int = 12, leading=None):
    """Draw wrapped text and return the new y."""
    from reportlab.lib.utils import simpleSplit

    leading = leading or size * 1.35
    c.setFont("Helvetica", size)
    for para in str(text).split("\n"):
        for line in simpleSplit(para, "Helvetica", size, width) or [""]:
            c.drawString(x, y, line)
            y -= leading
    return y


def _when(occ) -> str:
    start = timezone.localtime(occ.starts_at)
    return f"{date_format(start, 'l j F')} {start:%H:%M}"


def letters(network, invitations, activity=None) -> bytes:
    from zorgzaam.community.services import person_language, public_occurrences

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle("Zorgzaam")
    for inv in invitations:
        person = inv.person
        act = activity or inv.activity
        with translation.override(person_language(person)):
            c.setFont("Helvetica-Bold", 14)
            c.drawString(MARGIN, HEIGHT - MARGIN, network.name)
            # Address block placed for a window envelope (right window, about 50 mm from the top).
            y = HEIGHT - 55 * mm
            c.setFont("Helvetica", 12)
            for line in (
                person.full_name,
                f"{person.street} {person.house_number}".strip(),
                f"{person.postcode} {person.municipality}".strip(),
            ):
                if line:
                    c.drawString(110 * mm, y, line)
                    y -= 15
            y = HEIGHT - 95 * mm
            c.drawString(MARGIN, y, date_format(timezone.localdate(), "j F Y"))
            y -= 30
            y = _wrap(c, _("Dear %(name)s,") % {"name": person.first_name}, MARGIN, y, WIDTH - 2 * MARGIN)
            y -= 6
            if act is not None:
                text = _(
                    "We would like to invite you personally to %(title)s. It is a chance to meet people "
                    "from the neighbourhood. You are very welcome, just as you are."
                ) % {"title": act.title}
                y = _wrap(c, text, MARGIN, y, WIDTH - 2 * MARGIN)
                if act.place_id:
                    y = _wrap(
                        c,
                        _("Where: %(place)s")
                        % {"place": ", ".join(x for x in (act.place.name, act.place.address) if x)},
                        MARGIN,
                        y - 6,
                        WIDTH - 2 * MARGIN,
                    )
                dates = list(public_occurrences(network, days=60).filter(activity=act, cancelled=False)[:4])
                if dates:
                    y = _wrap(c, _("When:"), MARGIN, y - 6, WIDTH - 2 * MARGIN)
                    for occ in dates:
                        y = _wrap(c, f"  • {_when(occ)}", MARGIN, y, WIDTH - 2 * MARGIN)
            else:
                y = _wrap(
                    c,
                    _(
                        "We would like to invite you personally to one of the activities "
                        "in your neighbourhood."
                    ),
                    MARGIN,
                    y,
                    WIDTH - 2 * MARGIN,
                )
            y -= 10
            y = _wrap(
                c,
                _(
                    "Would you like to come, or do you need a lift? "
                    "Call us, or tell the volunteer who visits you."
                ),
                MARGIN,
                y,
                WIDTH - 2 * MARGIN,
            )
            y -= 20
            _wrap(c, _("Kind regards,") + "\n" + network.name, MARGIN, y, WIDTH - 2 * MARGIN)
        c.showPage()
    c.save()
    return buf.getvalue()


def flyer(network, area, occurrences, places, contacts, services) -> bytes:
    """One A4 page: what is on, where, and who to call. Plain words, large type."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(f"{network.name} · {area.name}")
    w = WIDTH - 2 * MARGIN
    c.setFont("Helvetica-Bold", 20)
    c.drawString(MARGIN, HEIGHT - MARGIN, f"{area.name} · {network.name}")
    y = HEIGHT - MARGIN - 28
    y = _wrap(c, _("Meeting each other is worth it. Everyone is welcome."), MARGIN, y, w, size=13)

    def heading(text, y):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(MARGIN, y - 6, text)
        return y - 26

    y = heading(_("What is on"), y)
    for occ in occurrences[:10]:
        if y < 200:  # keep room for the help section: the flyer is one page
            break
        place = f" · {occ.activity.place.name}" if occ.activity.place_id else ""
        y = _wrap(c, f"{_when(occ)} · {occ.activity.title}{place}", MARGIN, y, w, size=11)
    if not occurrences:
        y = _wrap(c, _("Nothing planned yet."), MARGIN, y, w, size=11)
    y = heading(_("Places to meet"), y)
    for p in places[:6]:
        if y < 160:
            break
        y = _wrap(
            c,
            " · ".join(x for x in (p.name, p.address, p.opening_hours.replace("\n", ", ")) if x),
            MARGIN,
            y,
            w,
            size=11,
        )
    y = heading(_("Need help? Call or drop by"), y)
    for org in contacts[:4]:
        y = _wrap(c, " · ".join(x for x in (org.name, org.phone, org.address) if x), MARGIN, y, w, size=11)
    if services and y > 80:
        y = heading(_("Services"), y)
        for s in services:
            if y < 60:
                break
            y = _wrap(
                c,
                " · ".join(x for x in (s["name"], s["organisation"], s["phone"]) if x),
                MARGIN,
                y,
                w,
                size=10,
            )
    c.showPage()
    c.save()
    return buf.getvalue()
