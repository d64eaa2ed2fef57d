import re

import pyotp
import pytest

from zorgzaam.core.testing import TEST_PASSWORD, login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_enrols_at_first_login_and_uses_a_recovery_code(page, live_server, users, settings):
    settings.ZORGZAAM_REQUIRE_2FA = True
    login(page, live_server.url, "coord")
    page.goto(f"{live_server.url}/people/")
    page.wait_for_url(f"{live_server.url}/accounts/security/totp/")
    assert serious_axe_violations(page) == []
    secret = page.locator("main code").first.inner_text().strip()
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("main form:not([action]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    codes = [c.strip() for c in page.locator("main .recovery-codes code").all_inner_texts()]
    assert len(set(codes)) == 10 and all(re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", c) for c in codes)
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/accounts/security/")
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/people/")
    assert page.url == f"{live_server.url}/people/"
    # Next login: password, then a recovery code instead of the phone.
    page.context.clear_cookies()
    login(page, live_server.url, "coord", TEST_PASSWORD)
    page.wait_for_url(re.compile(r".*/accounts/login/totp/.*"))
    assert serious_axe_violations(page) == []
    page.fill("#id_code", codes[0])
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
