"""Shared pieces for every printed document: a canvas that writes "page x / y" and the date on each
page, text that the standard PDF fonts can show, and a QR code drawn as vector squares."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.core.formatting import long_date

# The standard PDF fonts use WinAnsi: the narrow no-break space that French number formats use
# would print as a black box, so it becomes an ordinary no-break space.
_PDF_SAFE = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


def pdf_text(value) -> str:
    return str(value).translate(_PDF_SAFE)


def numbered_canvas(footer_left: str = "", font_size: int = 9):
    """A reportlab Canvas class whose pages end with "<footer_left> · <date>" and "page x / y".
    The page total is known only at the end, so pages are kept and drawn on save(). A batch of
    letters calls new_document() before each letter, so every letter counts its own pages."""
    from reportlab.pdfgen import canvas

    today = long_date(timezone.localdate())

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._starts: list[int] = [0]

        def new_document(self) -> None:
            if self._pages and self._starts[-1] != len(self._pages):
                self._starts.append(len(self._pages))

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            bounds = [*self._starts, len(self._pages)]
            pages = self._pages
            for first, end in zip(bounds, bounds[1:], strict=False):
                for i in range(first, end):
                    self.__dict__.update(pages[i])
                    self._footer(i - first + 1, end - first)
                    super().showPage()
            super().save()

        def _footer(self, page: int, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setFont("Helvetica", font_size)
            left = " · ".join(x for x in (footer_left, today) if x)
            self.drawString(40, 24, pdf_text(left))
            label = _("page %(page)s / %(total)s") % {"page": page, "total": total}
            self.drawRightString(width - 40, 24, pdf_text(label))
            self.restoreState()

    return NumberedCanvas


def draw_qr(c, text: str, x: float, y: float, size: float) -> None:
    """A QR code (segno) as filled squares, lower-left corner at (x, y): crisp at any print size."""
    import segno

    qr = segno.make(text, error="m")
    rows = list(qr.matrix)
    border = 2
    n = len(rows) + 2 * border
    cell = size / n
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        for col, dark in enumerate(row):
            if dark:
                c.rect(
                    x + (col + border) * cell,
                    y + size - (r + border + 1) * cell,
                    cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
    c.restoreState()
