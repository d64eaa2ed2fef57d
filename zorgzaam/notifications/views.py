from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zorgzaam.notifications import services


@login_required
def notification_list(request):
    page = Paginator(services.for_user(request.user), 30).get_page(request.GET.get("page"))
    services.render_page(page.object_list)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    services.mark_read(request.user, request.POST.get("id") or None)
    return redirect("notifications:list")
