from django.urls import path

from zorgzaam.sectors import views

urlpatterns = [
    path("", views.index, name="index"),
]
