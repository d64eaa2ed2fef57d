"""Real browser: a volunteer opens their visit and records it with the checklist (axe-checked)."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_logs_a_visit_with_the_checklist(page, live_server, users, planned, checklist):
    from zorgzaam.outreach.models import Visit

    visit = planned.visits.select_related("person").order_by("id").first()
    login(page, live_server.url, "vol")
    page.goto(f"{live_server.url}/outreach/")
    assert page.locator("h1").count() == 1
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name=visit.person.first_name, exact=True).click()
    page.wait_for_selector("form textarea")
    assert serious_axe_violations(page) == []
    talents = checklist.questions.filter(theme="talents").order_by("order").first()
    contact = checklist.questions.get(theme="contact", kind="scale")
    page.check("#id_outcome_0")  # visited
    page.fill(f"#id_q_{talents.pk}", "Taarten bakken")
    page.select_option(f"#id_q_{contact.pk}", "4")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/outreach/")
    assert serious_axe_violations(page) == []

    visit = Visit.objects.get(pk=visit.pk)
    assert visit.outcome == "at_home"
    assert visit.answers == {str(talents.pk): "Taarten bakken", str(contact.pk): "4"}
