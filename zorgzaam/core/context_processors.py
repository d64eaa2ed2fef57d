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
    items = []
    current = request.path
    for item in registry.NAV:
        try:
            if not item.visible(actor):
                continue
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "current": current.startswith(url) and url != "/"})
    ctx["nav_items"] = items
    ctx.update(registry.collect_context(request, actor))
    return ctx
