from django.urls import path

from zorgzaam.core import health, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("network/", views.switch_network, name="switch_network"),
    path("text-size/", views.text_size, name="text_size"),
    path("healthz", health.healthz, name="healthz"),
]
