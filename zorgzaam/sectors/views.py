from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from zorgzaam.sectors import services


@login_required
def index(request):
    actor = request.actor
    if not services.can_read_indicators(actor):
        raise PermissionDenied
    return render(request, "sectors/index.html", {"current": services.current_sector_set()})
