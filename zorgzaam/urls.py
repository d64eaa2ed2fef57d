"""URLs: core pages at the root, each domain app's urls.py under /<label>/, the API under /api/."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path

from zorgzaam.api import api
from zorgzaam.core.views import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # The public Open Referral HSDS 3.0 API of a network's social map (read-only, no login).
    path("api/hsds/<slug:network>/", include("zorgzaam.socialmap.hsds.urls")),
    path("api/", api.urls),
    path("", include("zorgzaam.core.urls")),
]

for app in settings.ZORGZAAM_APPS:
    if app == "zorgzaam.core" or find_spec(f"{app}.urls") is None:
        continue
    module = import_module(f"{app}.urls")
    label = app.rsplit(".", 1)[-1]
    prefix = getattr(module, "url_prefix", label)
    urlpatterns.append(
        path(f"{prefix}/" if prefix else "", include((module.urlpatterns, label), namespace=label))
    )

# Error pages in the site layout (JSON under /api/), never a traceback: zorgzaam/core/errors.py.
handler400 = "zorgzaam.core.errors.bad_request"
handler403 = "zorgzaam.core.errors.permission_denied"
handler404 = "zorgzaam.core.errors.page_not_found"
handler500 = "zorgzaam.core.errors.server_error"
