"""Navigation follows the same permission predicates as the pages (issue 13 item 10): for every role,
each link the menu shows answers 200 and each link it hides answers 403 or 404, so the menu never
offers a dead end nor hides a page the person may use."""

import pytest
from django.urls import NoReverseMatch, reverse

from zorgzaam.core import registry

ROLES = ["coordinator", "professional", "volunteer", "partner", "policy", "resident"]
# Pages that answer every member of the network although the menu offers them to some roles only.
# Known and harmless (one's own, possibly empty, task list; area names), kept explicit so that any new
# disagreement fails; the menu regrouping of issue 13 item 10 should remove them.
REACHABLE_WITHOUT_LINK = {"care:tasks", "networks:areas"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_visible_links_answer_and_hidden_ones_refuse(role, users, client_of, actor_of):
    actor = actor_of(users[role])
    c = client_of(users[role])
    wrong = []
    for item in registry.NAV:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        visible = bool(item.visible(actor))
        # A shown link may redirect to the role's own page (the resident's requests): follow it.
        status = c.get(url, follow=visible).status_code
        if not visible and status == 200 and item.url_name in REACHABLE_WITHOUT_LINK:
            continue
        if (visible and status != 200) or (not visible and status not in (403, 404)):
            wrong.append((url, "shown" if visible else "hidden", status))
    assert not wrong, f"{role}: menu and page disagree: {wrong}"


def _rendered_menu(html: str) -> dict[str, set[str]]:
    """group code -> hrefs, read from the page's main menu."""
    import re

    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    groups = {}
    for chunk in nav.split('<li data-nav-group="')[1:]:
        code, body = chunk.split('"', 1)
        body = body.split('<li><a href="/notifications', 1)[0].split('<li><a href="/accounts', 1)[0]
        groups[code] = set(re.findall(r'href="([^"]+)"', body))
    return groups


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "admin"])
def test_menu_has_at_most_seven_groups_built_from_the_page_predicates(role, users, client_of, actor_of):
    from django.contrib.auth import get_user_model

    user = (
        get_user_model().objects.create_superuser("root", "root@x.test", "correct horse battery")
        if role == "admin"
        else users[role]
    )
    actor = actor_of(user)
    expected: dict[str, set[str]] = {}
    for item in registry.NAV:
        if item.visible(actor):
            expected.setdefault(item.group, set()).add(reverse(item.url_name))
    menu = _rendered_menu(client_of(user).get("/").content.decode())
    assert len(menu) <= 7, f"{role}: {len(menu)} groups"
    assert menu == expected, role
    assert list(menu) == [code for code in registry.NAV_GROUPS if code in menu], "groups keep their order"


def test_every_nav_entry_names_a_known_group():
    assert registry.NAV and all(item.group in registry.NAV_GROUPS for item in registry.NAV)
    with pytest.raises(ValueError):
        registry.register_nav("x", "core:home", group="elsewhere")
