from django.urls import path

from zorgzaam.sectors import views

urlpatterns = [
    path("", views.index, name="index"),
    path("layers/", views.set_list, name="sets"),
    path("layers/<int:pk>/", views.set_detail, name="set"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("areas/<int:area_id>/", views.area_sectors, name="area_sectors"),
    path("areas/<int:area_id>/indicators/", views.area_indicators, name="area_indicators"),
    path("areas/<int:area_id>/indicators.csv", views.area_indicators_csv, name="area_indicators_csv"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_edit, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
]
