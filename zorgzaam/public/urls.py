from django.urls import path

from zorgzaam.public import views

url_prefix = "buurt"

urlpatterns = [
    path("<slug:network>/", views.network_index, name="network"),
    path("<slug:network>/places/<int:pk>.ics", views.place_ical, name="place_ical"),
    path("<slug:network>/<slug:area>/", views.area_page, name="area"),
    path("<slug:network>/<slug:area>/flyer.pdf", views.area_flyer, name="flyer"),
    path("<slug:network>/<slug:area>/agenda.ics", views.area_ical, name="area_ical"),
]
