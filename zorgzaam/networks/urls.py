from django.urls import path

from zorgzaam.networks import views

url_prefix = "areas"
urlpatterns = [
    path("", views.area_list, name="areas"),
    path("new/", views.area_create, name="area_create"),
    path("<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("settings/", views.network_settings, name="settings"),
]
