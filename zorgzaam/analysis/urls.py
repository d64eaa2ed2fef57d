from django.urls import path

from zorgzaam.analysis import views

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("observations/", views.observations, name="observations"),
    path("observations/new/", views.observation_edit, name="observation_create"),
    path("observations/<int:pk>/", views.observation_edit, name="observation_edit"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/paper/", views.survey_paper, name="survey_paper"),
    path("s/<str:key>/", views.survey_answer, name="survey_answer"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("snapshots/compare/", views.snapshot_compare, name="snapshot_compare"),
    path("hospiscore/<int:pk>/", views.profile_edit, name="profile"),
]
