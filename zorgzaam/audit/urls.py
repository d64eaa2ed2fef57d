from django.urls import path

from zorgzaam.audit import views

urlpatterns = [
    path("", views.event_list, name="list"),
    path("export.csv", views.event_export, name="export"),
]
