"""The analysis PDF as people read it: numbers in their language's format (no "3180.0" or "2.2727"),
the disclosure symbol for hidden cells, and page x / y with the date on every page."""

import re

import pytest
from django.utils import timezone, translation

from zorgzaam.analysis.tests.test_municipal_figures import municipal  # noqa: F401 - fixture
from zorgzaam.community.tests.pdfutil import page_count, texts
from zorgzaam.core.formatting import long_date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang,page_word", [("nl", "pagina"), ("fr", "page")])
def test_pdf_numbers_follow_the_language(municipal, users, client_of, lang, page_word):  # noqa: F811
    c = client_of(users["coordinator"])
    pdf = c.get("/analysis/export/pdf/?measure=indicator:population_total", HTTP_ACCEPT_LANGUAGE=lang).content
    assert pdf.startswith(b"%PDF")
    pages = texts(pdf)
    text = " ".join(pages)
    # no raw Python floats or long fractions anywhere
    assert not re.search(r"\b\d+\.0\b", text), re.findall(r"\b\d+\.0\b", text)[:5]
    assert not re.search(r"\d[.,]\d{4,}", text), re.findall(r"\d[.,]\d{4,}", text)[:5]
    # the hospiscore (two decimals) is written with a decimal comma in both languages
    assert re.search(r"\b\d,\d\d\b", text)
    n = page_count(pdf)
    with translation.override(lang):
        today = long_date(timezone.localdate())
    for i, page in enumerate(pages, start=1):
        assert f"{page_word} {i} / {n}" in page and today in page


def test_pdf_says_when_a_measure_has_no_figures(municipal, users, client_of):  # noqa: F811
    from zorgzaam.sectors.models import Indicator

    Indicator.objects.create(code="empty_measure", name_nl="Leeg", kind="count", aggregation="sum")
    c = client_of(users["coordinator"])
    pdf = c.get("/analysis/export/pdf/?measure=indicator:empty_measure", HTTP_ACCEPT_LANGUAGE="en").content
    assert "There are no figures yet" in " ".join(texts(pdf))


def test_without_a_chosen_measure_the_page_opens_on_one_with_data(municipal, users, actor_of):  # noqa: F811
    from zorgzaam.analysis import services

    ov = services.analysis_overview(actor_of(users["coordinator"]))
    assert any(r["value"] is not None or r["hidden"] for r in ov["table"])
