from django.urls import NoReverseMatch, reverse

from zorgzaam.core import registry


def zorgzaam(request):
    from django.conf import settings

    ctx = {
        "large_text": request.session.get("large_text", False) if hasattr(request, "session") else False,
        "tile_url": settings.ZORGZAAM_TILE_URL,
        "tile_attribution": settings.ZORGZAAM_TILE_ATTRIBUTION,
    }
    actor = getattr(request, "actor", None)
    ctx["actor"] = actor
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or actor is None:
        return ctx
    current = request.path
    groups = registry.visible_nav_groups(actor, _reverse_or_none)
    for group in groups:
        for item in group["items"]:
            item["current"] = current.startswith(item["url"]) and item["url"] != "/"
        group["current"] = any(item["current"] for item in group["items"])
    ctx["nav_groups"] = groups
    ctx.update(registry.collect_context(request, actor))
    return ctx


def _reverse_or_none(url_name: str):
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None
