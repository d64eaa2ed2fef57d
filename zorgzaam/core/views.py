from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zorgzaam.core import registry
from zorgzaam.core.middleware import SESSION_NETWORK, SESSION_ON_BEHALF
from zorgzaam.networks.services import networks_of


def safe_next(request, default="/"):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return default


@login_required
def home(request):
    actor = request.actor
    panels = registry.render_panels(registry.HOME_PANELS, request)
    return render(
        request,
        "core/home.html",
        {"panels": panels, "networks": networks_of(request.user), "roles": actor.roles},
    )


@require_POST
@login_required
def switch_network(request):
    network_id = request.POST.get("network")
    if network_id and networks_of(request.user).filter(pk=network_id).exists():
        request.session[SESSION_NETWORK] = int(network_id)
        request.session.pop(SESSION_ON_BEHALF, None)
    return HttpResponseRedirect(safe_next(request))


@require_POST
def text_size(request):
    request.session["large_text"] = not request.session.get("large_text", False)
    return HttpResponseRedirect(safe_next(request))
