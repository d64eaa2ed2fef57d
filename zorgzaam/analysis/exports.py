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


def _shown(value, hidden: bool = False, decimals: int | None = None) -> str:
    """A figure for print: the disclosure symbol when hidden, else in the reader's number format."""
    from zorgzaam.core.disclosure import SYMBOL
    from zorgzaam.core.formatting import number

    if hidden:
        return SYMBOL
    return number(value, decimals)


def to_pdf(ov: dict, network_name: str) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from zorgzaam.core.disclosure import SYMBOL
    from zorgzaam.core.formatting import long_date
    from zorgzaam.core.pdf import numbered_canvas, pdf_text

    def para(text, style="BodyText"):
        return Paragraph(escape(pdf_text(text)), styles[style])

    def cells(rows):
        return [[pdf_text(c) if isinstance(c, str) else c for c in row] for row in rows]

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=str(_("Neighbourhood analysis")), bottomMargin=50)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 9)])
    story = [para(f"{_('Neighbourhood analysis')}: {network_name}", "Title")]
    story.append(para(f"{long_date(ov['start'])} – {long_date(ov['end'])}", "Normal"))
    story.append(
        para(
            _(
                "%(symbol)s = hidden to protect privacy: fewer than %(k)s people (zero included), or a "
                "number that would let someone work out a hidden one. Every number shown is exact."
            )
            % {"symbol": SYMBOL, "k": ov["k"]},
            "Normal",
        )
    )
    story.append(Spacer(1, 8))
    story.append(para(_("Key figures"), "Heading2"))
    has_data = any(r["value"] is not None or r["hidden"] for r in ov["table"])
    if not has_data:
        story.append(
            para(_("There are no figures yet for “%(measure)s”.") % {"measure": ov["measure_label"]})
        )
    rows = [[_("Area"), _("Hospiscore"), ov["measure_label"]]] + [
        [r["area"].name, _shown(r["hospiscore"]["total"], decimals=2), _shown(r["value"], r["hidden"])]
        for r in ov["table"]
    ]
    if ov.get("municipality_note"):
        municipal = _("not available")
    else:
        municipal = _shown(ov.get("municipality_value"), ov.get("municipality_hidden", False))
    rows.append([_("Municipality (all areas)"), "", municipal])
    story.append(Table(cells(rows), style=grid, repeatRows=1))
    story.append(para(_("Hospiscore: parts per area"), "Heading2"))
    story.append(para(ov["profile"].description or ov["profile"].name, "Normal"))
    hs = [[_("Area"), _("Part"), _("Value"), _("Contribution")]]
    for a, s in ov["scores"]:
        for c in s["components"]:
            hs.append([a.name, para(c["label"]), _shown(c["value"]), _shown(c["contribution"], decimals=3)])
    story.append(Table(cells(hs), style=grid, colWidths=[70, 250, 60, 70], repeatRows=1))
    story.append(para(_("Reach against the population"), "Heading2"))
    rt = [[_("Area"), _("Group"), _("Ratio"), _("Interval 95%"), _("Under-reached")]]
    for summary, rows_ in ov["reach"]:
        for r in rows_:
            rt.append(
                [
                    summary["area"].name,
                    r.label,
                    "" if r.ratio is None else _shown(r.ratio, decimals=2),
                    "" if r.low is None else f"{_shown(r.low, decimals=2)} – {_shown(r.high, decimals=2)}",
                    _("hidden (too few)") if r.suppressed else (_("yes") if r.under_reached else _("no")),
                ]
            )
    story.append(Table(cells(rt), style=grid, repeatRows=1))
    story.append(para(_("Observations"), "Heading2"))
    for o in ov["strengths"] + ov["needs"]:
        story.append(
            para(f"{o.get_kind_display()} · {o.get_theme_display()} · {long_date(o.observed_on)}: {o.text}")
        )
    doc.build(story, canvasmaker=numbered_canvas(network_name))
    return buf.getvalue()
