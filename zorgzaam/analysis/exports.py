"""Exports of the area analysis: CSV, XLSX, GeoJSON and a printable PDF. All built from the same
overview the page shows, so the same suppression and permission rules apply."""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _

from zorgzaam.core.csvsafe import safe_row, xlsx_append
from zorgzaam.core.disclosure import SYMBOL


def _fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return round(v, 4)
    return v


def table_rows(ov: dict) -> tuple[list[str], list[list]]:
    codes = [c for c, _l in ov["options"]]
    header = [_("Area"), _("Hospiscore")] + [label for _c, label in ov["options"]]
    header += [_("Strengths noted"), _("Needs noted"), _("People reached")]
    reach_by_area = {s["area"].pk: s for s, _r in ov["reach"]}
    scores = {x.pk: s for x, s in ov["scores"]}
    rows = []
    for a in ov["areas"]:
        vals = ov["values"][a.pk]
        score = scores[a.pk]["total"]
        rows.append(
            [a.name, _fmt(score)]
            + [SYMBOL if (a.pk, c) in ov["hidden"] else _fmt(vals.get(c)) for c in codes]
            + [
                ov["counts"][a.pk]["strength"],
                ov["counts"][a.pk]["need"],
                SYMBOL
                if reach_by_area.get(a.pk, {}).get("suppressed")
                else _fmt(reach_by_area.get(a.pk, {}).get("reached")),
            ]
        )
    return [str(h) for h in header], rows


def to_csv(ov: dict) -> bytes:
    header, rows = table_rows(ov)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    # Area and indicator names are typed by people: keep a spreadsheet from reading one as a formula.
    w.writerow(safe_row(header))
    w.writerows(safe_row(r) for r in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(ov: dict) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Areas"))[:31]
    header, rows = table_rows(ov)
    # Names and labels are typed by people: every text cell is stored as text, never as a formula.
    xlsx_append(ws, header)
    for r in rows:
        xlsx_append(ws, r)
    ws2 = wb.create_sheet(str(_("Reach"))[:31])
    xlsx_append(
        ws2,
        [
            str(x)
            for x in (
                _("Area"),
                _("Group"),
                _("Reached"),
                _("Share reached"),
                _("Share in population"),
                _("Ratio"),
                _("Lower bound"),
                _("Upper bound"),
                _("Under-reached"),
            )
        ],
    )
    for summary, rows_ in ov["reach"]:
        for r in rows_:
            xlsx_append(
                ws2,
                [
                    summary["area"].name,
                    r.label,
                    _fmt(r.reached),
                    _fmt(r.reached_share),
                    _fmt(r.population_share),
                    _fmt(r.ratio),
                    _fmt(r.low),
                    _fmt(r.high),
                    "" if r.suppressed else (_("yes") if r.under_reached else _("no")),
                ],
            )
    ws3 = wb.create_sheet(str(_("Hospiscore"))[:31])
    xlsx_append(ws3, [str(x) for x in (_("Area"), _("Part"), _("Value"), _("Weight"), _("Contribution"))])
    for a, s in ov["scores"]:
        for c in s["components"]:
            xlsx_append(ws3, [a.name, c["label"], _fmt(c["value"]), c["weight"], _fmt(c["contribution"])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_geojson(ov: dict) -> bytes:
    fc = dict(ov["geojson"])
    fc["properties"] = {"measure": ov["measure"], "label": str(ov["measure_label"]), "k": ov["k"]}
    return json.dumps(fc, ensure_ascii=False).encode("utf-8")


def to_pdf(ov: dict, network_name: str) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=str(_("Neighbourhood analysis")))
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    story = [Paragraph(escape(f"{_('Neighbourhood analysis')}: {network_name}"), styles["Title"])]
    story.append(Paragraph(escape(f"{ov['start']} – {ov['end']}"), styles["Normal"]))
    story.append(Spacer(1, 8))
    story.append(Paragraph(escape(str(_("Key figures"))), styles["Heading2"]))
    story.append(
        Table(
            [[_("Area"), _("Hospiscore"), ov["measure_label"]]]
            + [[r["area"].name, _fmt(r["hospiscore"]["total"]), _fmt(r["value"])] for r in ov["table"]],
            style=grid,
        )
    )
    story.append(Paragraph(escape(str(_("Hospiscore: parts per area"))), styles["Heading2"]))
    story.append(Paragraph(escape(ov["profile"].description or ov["profile"].name), styles["Normal"]))
    hs = [[_("Area"), _("Part"), _("Value"), _("Contribution")]]
    for a, s in ov["scores"]:
        for c in s["components"]:
            hs.append(
                [
                    a.name,
                    Paragraph(escape(c["label"]), styles["BodyText"]),
                    _fmt(c["value"]),
                    _fmt(c["contribution"]),
                ]
            )
    story.append(Table(hs, style=grid, colWidths=[70, 250, 60, 70]))
    story.append(Paragraph(escape(str(_("Reach against the population"))), styles["Heading2"]))
    rt = [[_("Area"), _("Group"), _("Ratio"), _("Interval 95%"), _("Under-reached")]]
    for summary, rows_ in ov["reach"]:
        for r in rows_:
            rt.append(
                [
                    summary["area"].name,
                    r.label,
                    "" if r.ratio is None else f"{r.ratio:.2f}",
                    "" if r.low is None else f"{r.low:.2f} – {r.high:.2f}",
                    _("hidden (too few)") if r.suppressed else (_("yes") if r.under_reached else _("no")),
                ]
            )
    story.append(Table(rt, style=grid))
    story.append(Paragraph(escape(str(_("Observations"))), styles["Heading2"]))
    for o in ov["strengths"] + ov["needs"]:
        story.append(
            Paragraph(
                escape(f"{o.get_kind_display()} · {o.get_theme_display()} · {o.observed_on}: {o.text}"),
                styles["BodyText"],
            )
        )
    doc.build(story)
    return buf.getvalue()
