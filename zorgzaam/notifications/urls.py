from django.urls import path

from zorgzaam.notifications import views

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="mark_read"),
]
