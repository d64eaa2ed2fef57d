from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.http import require_POST

from zorgzaam.core import registry
from zorgzaam.core.middleware import SESSION_NETWORK, SESSION_ON_BEHALF
from zorgzaam.core.redirects import safe_next


@login_required
def home(request):
    actor = request.actor
    panels = registry.render_panels(registry.HOME_PANELS, request)
    return render(
        request,
        "core/home.html",
        {"panels": panels, "networks": registry.network_choices(request.user), "roles": actor.roles},
    )


@require_POST
@login_required
def switch_network(request):
    network_id = request.POST.get("network")
    if network_id and any(str(n.pk) == network_id for n in registry.network_choices(request.user)):
        request.session[SESSION_NETWORK] = int(network_id)
        request.session.pop(SESSION_ON_BEHALF, None)
    return HttpResponseRedirect(safe_next(request))


@require_POST
def text_size(request):
    request.session["large_text"] = not request.session.get("large_text", False)
    return HttpResponseRedirect(safe_next(request))


def set_language(request):
    """Django's language switch, with `next` through our one safe helper: Django's own check lets a
    `next` with a line break through (then a 500) and falls back to the Referer header."""
    nxt = safe_next(request, "/")
    if request.method == "POST":
        request.POST = request.POST.copy()
        request.POST["next"] = nxt
    else:
        request.GET = request.GET.copy()
        request.GET["next"] = nxt
    return i18n.set_language(request)
