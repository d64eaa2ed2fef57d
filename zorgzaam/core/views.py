from django.conf import settings
from django.contrib.auth import get_user_model
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
    response = i18n.set_language(request)
    _remember_language(request)
    return response


def _remember_language(request) -> None:
    """A logged-in user's choice is also their language for what is written to them later (e-mails
    are rendered in `preferred_language` when sent: core/texts.py)."""
    lang = request.POST.get("language", "") if request.method == "POST" else ""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "preferred_language"):
        return
    if lang in dict(settings.LANGUAGES) and user.preferred_language != lang:
        get_user_model().objects.filter(pk=user.pk).update(preferred_language=lang)
