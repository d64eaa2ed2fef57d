"""Real browser: a volunteer opens their visit and records it with the checklist, in short steps on
a phone (issue 13 item 10: the one-page form was 6,835 px tall), axe-checked."""

import pytest

from zorgzaam.core.testing import login, serious_axe_violations

PHONE_HEIGHT = 844


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_logs_a_visit_in_short_steps(page, live_server, users, planned, checklist):
    from zorgzaam.outreach.models import Visit

    page.set_viewport_size({"width": 390, "height": PHONE_HEIGHT})
    visit = planned.visits.select_related("person").order_by("id").first()
    login(page, live_server.url, "vol")
    page.goto(f"{live_server.url}/outreach/")
    assert page.locator("h1").count() == 1
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name=visit.person.first_name, exact=True).click()
    page.wait_for_selector("form.visit-steps")
    talents = checklist.questions.filter(theme="talents").order_by("order").first()
    contact = checklist.questions.get(theme="contact", kind="scale")
    heights = []
    for _step in range(10):
        heights.append(page.evaluate("document.documentElement.scrollHeight"))
        assert serious_axe_violations(page) == []
        if page.locator("#id_outcome_0").count():
            page.check("#id_outcome_0")  # visited
        if page.locator(f"#id_q_{talents.pk}").count():
            page.fill(f"#id_q_{talents.pk}", "Taarten bakken")
        if page.locator(f"#id_q_{contact.pk}").count():
            page.select_option(f"#id_q_{contact.pk}", "4")
        save = page.locator("main button[value=save]")
        if save.count():
            save.click()
            break
        page.locator("main button[value=next]").click()
        page.wait_for_load_state("load")
    page.wait_for_url(f"{live_server.url}/outreach/")
    assert len(heights) >= 4, heights
    # Each step fits in less than two phone screens.
    assert max(heights) < 2 * PHONE_HEIGHT, str(heights)
    assert serious_axe_violations(page) == []

    visit = Visit.objects.get(pk=visit.pk)
    assert visit.outcome == "at_home"
    assert visit.answers == {str(talents.pk): "Taarten bakken", str(contact.pk): "4"}
