"""Targets big enough for a finger (issue 13 item 10): on a phone (390x844) with large text, every
form control and button on the main forms measures at least 44x44 CSS px."""

import pytest

from zorgzaam.core.testing import login

FORMS = [
    "/people/new/",
    "/care/signals/new/",
    "/care/requests/new/",
    "/community/activities/new/",
    "/community/places/new/",
    "/outreach/rounds/new/",
    "/areas/new/",
    "/analysis/observations/new/",
    "/volunteers/initiatives/new/",
    "/accounts/security/",
]

MEASURE = """() => Array.from(document.querySelectorAll(
  'main :is(input:not([type=hidden]), select, textarea, button, .button)'))
  .filter(el => el.offsetParent !== null)
  .map(el => { const r = el.getBoundingClientRect();
    return {what: el.tagName + '[' + (el.type || '') + '] ' + (el.name || el.textContent.trim().slice(0, 30)),
            w: Math.round(r.width), h: Math.round(r.height)}; })
  .filter(t => t.w < 44 || t.h < 44)"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_form_targets_are_44px_on_a_phone_with_large_text(page, live_server, users):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "coord")
    page.get_by_role("button", name="Grotere tekst").click()
    page.wait_for_selector("html.large-text")
    small = {}
    for path in FORMS:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        too_small = page.evaluate(MEASURE)
        if too_small:
            small[path] = too_small
    assert not small, "; ".join(f"{p}: {t}" for p, t in small.items())
