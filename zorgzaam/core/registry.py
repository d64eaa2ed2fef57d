"""Extension points so that each domain app plugs into shared pages without editing them.

Apps register in their AppConfig.ready(): navigation entries, panels on the home page and on a
person's page, hooks for a person's data export and erasure, and the request-level hooks through
which `core` (the ground floor, importing no domain app) gets what only a domain app knows: the
actor of a request, the networks a user may switch between, extra template context (unread badge).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The menu's groups, in menu order (issue 13 item 10: at most seven, so that a person who is not at
# ease with computers finds a page by its purpose). Each nav entry names one of these codes.
NAV_GROUPS: dict[str, object] = {
    "today": _("Today"),
    "people": _("People"),
    "care": _("Care"),
    "neighbourhood": _("Neighbourhood"),
    "activities": _("Activities"),
    "figures": _("Figures"),
    "settings": _("Settings"),
}


@dataclass(frozen=True)
class NavItem:
    label: object  # lazy translation
    url_name: str
    visible: Callable
    order: int = 50
    group: str = "today"


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable  # (request, ...) -> dict | None; None hides the panel
    order: int = 50


NAV: list[NavItem] = []
HOME_PANELS: list[Panel] = []
PERSON_PANELS: list[Panel] = []
EXPORT_HOOKS: list[Callable] = []
ERASURE_HOOKS: list[Callable] = []
# Model labels ("care.Signal") whose personal free text an erasure hook wipes; a guard test checks
# that every model linked to a person is covered (zorgzaam/people/tests/test_erasure_everywhere.py).
ERASURE_COVERAGE: dict[str, Callable] = {}
# Merging two persons (issue 12): hook(actor, survivor, duplicate) moves what the app keeps about the
# duplicate to the survivor. Coverage is per relation ("care.Signal.person"); a guard test checks
# that every relation to a Person is covered (zorgzaam/people/tests/test_merge_everywhere.py).
MERGE_HOOKS: list[Callable] = []
MERGE_COVERAGE: dict[str, Callable] = {}
RETENTION_GUARDS: list[Callable] = []
CONTEXT_HOOKS: list[Callable] = []
# Reach (analysis): label -> fn(network, start, end) giving the ids of the persons an app reached in
# [start, end]. Each app registers the sources over its own models (it knows their fields).
REACH_SOURCES: dict[str, Callable] = {}
# Health probes: name -> fn() -> bool ("worker": a background worker beat recently).
HEALTH_CHECKS: dict[str, Callable] = {}
# One builder each (the owning app registers it): request -> Actor, user -> networks (a queryset).
_REQUEST_HOOKS: dict[str, Callable] = {}


def register_nav(
    label, url_name: str, visible: Callable = lambda actor: True, order: int = 50, *, group: str
) -> None:
    """group: one of NAV_GROUPS' codes (the menu shows the entry under that group)."""
    if group not in NAV_GROUPS:
        raise ValueError(f"Unknown nav group {group!r} for {url_name}: use one of {list(NAV_GROUPS)}")
    if not any(n.url_name == url_name for n in NAV):
        NAV.append(NavItem(label, url_name, visible, order, group))
        NAV.sort(key=lambda n: n.order)


def visible_nav_groups(actor, reverse_url: Callable) -> list[dict]:
    """The menu of `actor`: [{code, label, items: [{label, url, url_name}]}] in group order, only the
    groups with at least one entry whose predicate lets the actor in (the same predicate the page
    checks). reverse_url(url_name) -> url or None (an app whose urls are not mounted)."""
    groups: dict[str, list[dict]] = {code: [] for code in NAV_GROUPS}
    for item in NAV:
        if not item.visible(actor):
            continue
        url = reverse_url(item.url_name)
        if url is not None:
            groups[item.group].append({"label": item.label, "url": url, "url_name": item.url_name})
    return [{"code": c, "label": NAV_GROUPS[c], "items": items} for c, items in groups.items() if items]


def register_home_panel(template: str, context: Callable, order: int = 50) -> None:
    if not any(p.template == template for p in HOME_PANELS):
        HOME_PANELS.append(Panel(template, context, order))
        HOME_PANELS.sort(key=lambda p: p.order)


def register_person_panel(template: str, context: Callable, order: int = 50) -> None:
    """context(request, person) -> dict or None."""
    if not any(p.template == template for p in PERSON_PANELS):
        PERSON_PANELS.append(Panel(template, context, order))
        PERSON_PANELS.sort(key=lambda p: p.order)


def register_person_export(hook: Callable) -> None:
    """hook(person) -> dict of extra sections for the person's own data export."""
    if hook not in EXPORT_HOOKS:
        EXPORT_HOOKS.append(hook)


def register_erasure(hook: Callable, covers=()) -> None:
    """hook(person) removes identifying free text the app keeps about that person. `covers` names the
    models (app_label.Model) whose text it wipes. The hook runs while person.user still points at the
    login, so it can also reach what the login wrote."""
    if hook not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(hook)
    for label in covers:
        ERASURE_COVERAGE[label] = hook


def erasure_coverage() -> set[str]:
    return set(ERASURE_COVERAGE)


def register_merge(hook: Callable, covers=()) -> None:
    """hook(actor, survivor, duplicate) re-points the app's records from the duplicate person to the
    survivor (resolving its unique constraints) inside the merge's transaction. `covers` names the
    relations it moves, as "app_label.Model.field"."""
    if hook not in MERGE_HOOKS:
        MERGE_HOOKS.append(hook)
    for label in covers:
        MERGE_COVERAGE[label] = hook


def merge_coverage() -> set[str]:
    return set(MERGE_COVERAGE)


def run_merge_hooks(actor, survivor, duplicate) -> None:
    for hook in MERGE_HOOKS:
        hook(actor, survivor, duplicate)


def register_retention_guard(guard: Callable) -> None:
    """guard(network, person_ids: set[int], cutoff: datetime) -> set of ids that must be kept because the
    app still has something open or recent for them (an open request, a registration...)."""
    if guard not in RETENTION_GUARDS:
        RETENTION_GUARDS.append(guard)


def collect_person_exports(person) -> dict:
    out: dict = {}
    for hook in EXPORT_HOOKS:
        out.update(hook(person) or {})
    return out


def run_erasure_hooks(person) -> None:
    for hook in ERASURE_HOOKS:
        hook(person)


def render_panels(panels: list[Panel], request, *args) -> list[tuple[str, dict]]:
    out = []
    for panel in panels:
        ctx = panel.context(request, *args)
        if ctx is not None:
            out.append((panel.template, ctx))
    return out


def register_actor_builder(builder: Callable) -> None:
    """builder(request) -> the Actor of a page request (the people app owns actors and roles)."""
    _REQUEST_HOOKS["actor"] = builder


def build_request_actor(request):
    builder = _REQUEST_HOOKS.get("actor")
    if builder is None:
        raise LookupError("No actor builder registered: is the people app installed?")
    return builder(request)


def register_network_choices(choices: Callable) -> None:
    """choices(user) -> queryset of the networks the user may switch to (the networks app)."""
    _REQUEST_HOOKS["network_choices"] = choices


def network_choices(user):
    choices = _REQUEST_HOOKS.get("network_choices")
    return choices(user) if choices is not None else []


def register_context(hook: Callable) -> None:
    """hook(request, actor) -> dict merged into every page's template context for a logged-in user
    (e.g. the unread-messages badge)."""
    if hook not in CONTEXT_HOOKS:
        CONTEXT_HOOKS.append(hook)


def collect_context(request, actor) -> dict:
    out: dict = {}
    for hook in CONTEXT_HOOKS:
        out.update(hook(request, actor) or {})
    return out


def register_reach_source(label, fn: Callable) -> None:
    REACH_SOURCES[str(label)] = fn


def unregister_reach_source(label) -> None:
    REACH_SOURCES.pop(str(label), None)


def register_health_check(name: str, check: Callable) -> None:
    HEALTH_CHECKS[name] = check
