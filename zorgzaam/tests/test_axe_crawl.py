"""Axe crawl (issue 13 item 10): for each role, every page its menu offers (and the home page, and the
API documentation linked from "My account"), in Dutch and in French, has no serious or critical
accessibility violation. One server and one browser for the whole crawl; a fresh browser context per
role and language so that logins and language choices do not leak."""

import pytest
from django.contrib.auth import get_user_model

from zorgzaam.core.testing import TEST_PASSWORD, login, serious_axe_violations

ROLES = {
    "coordinator": "coord",
    "professional": "prof",
    "volunteer": "vol",
    "resident": "resident",
    "partner": "partner",
    "policy": "policy",
    "platform admin": "beheerder",
}
NAV_LINKS = """() => Array.from(document.querySelectorAll('nav.main-nav a[href]'))
  .map(a => a.getAttribute('href')).filter(h => h.startsWith('/'))"""
EXTRA = ["/api/docs"]
# Swagger UI draws the API documentation inside #swagger-ui with its own markup and colours (axe
# finds low-contrast method badges and buttons nested in its clickable summaries): third-party markup
# we cannot change. Our page around it (its language, the main landmark) is checked; the widget is not.
THIRD_PARTY = {"/api/docs": {"exclude": [["#swagger-ui"]]}}


def _serious(page, url: str) -> list:
    if url not in THIRD_PARTY:
        return serious_axe_violations(page)
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=THIRD_PARTY[url])
    return [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_menu_page_has_no_serious_axe_violation_in_nl_and_fr(browser, live_server, users):
    # The platform administrator holds no role in a network (like the demo's "beheerder").
    get_user_model().objects.create_superuser("beheerder", "beheerder@x.test", TEST_PASSWORD)
    found: dict[str, list] = {}
    visited = 0
    for role, username in ROLES.items():
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(15000)
        login(page, live_server.url, username)
        for lang in ("nl", "fr"):
            context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
            page.goto(f"{live_server.url}/")
            assert page.evaluate("document.documentElement.lang") == lang
            for url in dict.fromkeys(["/", *page.evaluate(NAV_LINKS), *EXTRA]):
                # The API docs are drawn by Swagger UI's script from the schema: wait until it is drawn.
                response = page.goto(
                    f"{live_server.url}{url}", wait_until="networkidle" if url in EXTRA else "load"
                )
                assert response.status == 200, (role, lang, url, response.status)
                visited += 1
                violations = _serious(page, url)
                if violations:
                    found[f"{role} {lang} {url}"] = violations
        context.close()
    assert visited >= 7 * 2 * 3, "each role's menu offers pages to crawl"
    assert not found, "\n".join(f"{where}: {v}" for where, v in found.items())
