"""Printed output with reportlab: invitation letters (one page per person) and the one-page flyer
of a neighbourhood for people who are offline."""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from zorgzaam.core.formatting import day_and_time, long_date
from zorgzaam.core.pdf import draw_qr, numbered_canvas, pdf_text

WIDTH, HEIGHT = A4
MARGIN = 20 * mm


def _wrap(c, text: str, x: float, y: float, width: float, size: int = 12, leading=None):
    """Draw wrapped text and return the new y."""
    from reportlab.lib.utils import simpleSplit

    leading = leading or size * 1.35
    c.setFont("Helvetica", size)
    for para in pdf_text(text).split("\n"):
        for line in simpleSplit(para, "Helvetica", size, width) or [""]:
            c.drawString(x, y, line)
            y -= leading
    return y


def _when(occ) -> str:
    return day_and_time(timezone.localtime(occ.starts_at))


def letters(network, invitations, activity=None) -> bytes:
    from zorgzaam.community.services import person_language, public_occurrences

    buf = io.BytesIO()
    c = numbered_canvas(network.name)(buf, pagesize=A4)
    c.setTitle("Zorgzaam")
    # The next dates of every activity named, in one query whatever the number of letters.
    act_ids = {activity.pk} if activity is not None else {inv.activity_id for inv in invitations}
    dates_of: dict[int, list] = {}
    for occ in public_occurrences(network, days=60).filter(activity_id__in=act_ids - {None}, cancelled=False):
        dates_of.setdefault(occ.activity_id, []).append(occ)
    for inv in invitations:
        c.new_document()
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
            c.drawString(MARGIN, y, long_date(timezone.localdate()))
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
                dates = dates_of.get(act.pk, [])[:4]
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


FLYER_BODY = 12  # points: readable for older eyes (issue: body >= 12 pt, headings >= 16 pt)
FLYER_HEADING = 16
LOGO_BOX = (45 * mm, 25 * mm)  # top right, left free for the organisation's logo
QR_SIZE = 32 * mm


def _fit(lines: list[str], width: float, size: int) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    out = []
    for line in lines:
        out.extend(simpleSplit(pdf_text(line), "Helvetica", size, width) or [""])
    return out


def flyer(network, area, occurrences, places, contacts, services, url: str = "") -> bytes:
    """One A4 page for the notice board and the letterbox: what is on, where to meet, who to call,
    and a QR code to the full public page. Sections are filled with as many items as the page holds
    and the space left is spread between them, so the page is full but never runs over."""
    buf = io.BytesIO()
    c = numbered_canvas(network.name)(buf, pagesize=A4)
    c.setTitle(pdf_text(f"{network.name} · {area.name}"))
    w = WIDTH - 2 * MARGIN
    leading = FLYER_BODY * 1.3
    top = HEIGHT - MARGIN
    # Title beside the free logo box.
    c.setFont("Helvetica-Bold", 22)
    title_lines = _fit([f"{area.name} · {network.name}"], w - LOGO_BOX[0] - 6 * mm, 22)[:2]
    y = top - 18
    for line in title_lines:
        c.setFont("Helvetica-Bold", 22)
        c.drawString(MARGIN, y, line)
        y -= 27
    y = min(y, top - LOGO_BOX[1]) - 4
    for line in _fit([_("Meeting each other is worth it. Everyone is welcome.")], w, 14):
        c.setFont("Helvetica", 14)
        c.drawString(MARGIN, y, line)
        y -= 18
    bottom = MARGIN + QR_SIZE + 12  # the QR block sits at the bottom

    sections = [
        (
            _("What is on"),
            [f"{day_and_time(timezone.localtime(o.starts_at))} · {_occ_line(o)}" for o in occurrences]
            or [_("Nothing planned yet.")],
        ),
        (_("Places to meet"), [_place_line(p) for p in places]),
        (
            _("Need help? Call or drop by"),
            [" · ".join(x for x in (o.name, o.phone, o.address) if x) for o in contacts],
        ),
        (
            _("Services"),
            [" · ".join(x for x in (s["name"], s["organisation"], s["phone"]) if x) for s in services],
        ),
    ]
    sections = [(h, items) for h, items in sections if items]
    # Greedy fill: one item per section in turn, while the page has room, keeps every section present.
    heading_h = FLYER_HEADING + 18
    wrapped = [[_fit([item], w - 12, FLYER_BODY) for item in items] for _h, items in sections]
    taken = [0] * len(sections)
    used = heading_h * len(sections)
    room = y - bottom
    progress = True
    while progress:
        progress = False
        for i, items in enumerate(wrapped):
            if taken[i] < len(items):
                need = len(items[taken[i]]) * leading + 3
                if used + need <= room:
                    used += need
                    taken[i] += 1
                    progress = True
    gap = min(28, (room - used) / max(1, len(sections)))
    for (heading, _items), items, n in zip(sections, wrapped, taken, strict=True):
        y -= gap / 2
        c.setFont("Helvetica-Bold", FLYER_HEADING)
        c.drawString(MARGIN, y - FLYER_HEADING, pdf_text(heading))
        y -= heading_h
        c.setFont("Helvetica", FLYER_BODY)
        for lines in items[:n]:
            for j, line in enumerate(lines):
                c.drawString(MARGIN + (0 if j == 0 else 12), y, line)
                y -= leading
            y -= 3
        y -= gap / 2
    if url:
        draw_qr(c, url, MARGIN, MARGIN + 4, QR_SIZE)
        tx = MARGIN + QR_SIZE + 6 * mm
        ty = MARGIN + QR_SIZE - 10
        for line in _fit(
            [_("Everything that is on, always up to date:"), url], w - QR_SIZE - 6 * mm, FLYER_BODY
        ):
            c.setFont("Helvetica", FLYER_BODY)
            c.drawString(tx, ty, line)
            ty -= leading
    c.showPage()
    c.save()
    return buf.getvalue()


def _occ_line(occ) -> str:
    place = f" · {occ.activity.place.name}" if occ.activity.place_id else ""
    return f"{occ.activity.title}{place}"


def _place_line(p) -> str:
    return " · ".join(x for x in (p.name, p.address, p.opening_hours.replace("\n", ", ")) if x)
