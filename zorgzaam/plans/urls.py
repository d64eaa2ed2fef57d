from django.urls import path

from zorgzaam.plans import views

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/structure/", views.structure, name="structure"),
    path("<int:pk>/actions/new/", views.action_edit, name="action_create"),
    path("<int:pk>/actions/<int:action_id>/", views.action_edit, name="action_edit"),
    path("<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("<int:pk>/indicators/<int:indicator_id>/measure/", views.measure, name="measure"),
]
