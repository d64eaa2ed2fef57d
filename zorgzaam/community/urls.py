from django.urls import path
from django.views.generic import RedirectView

from zorgzaam.community import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="community:activity_list"), name="index"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("occurrences/<int:pk>/", views.occurrence_detail, name="occurrence_detail"),
    path("occurrences/<int:pk>/register/", views.occurrence_register, name="occurrence_register"),
    path("occurrences/<int:pk>/attendance/", views.occurrence_attendance, name="occurrence_attendance"),
    path("occurrences/<int:pk>/head-count/", views.occurrence_head_count, name="occurrence_head_count"),
    path("occurrences/<int:pk>/evaluate/", views.occurrence_evaluate, name="occurrence_evaluate"),
    path("occurrences/<int:pk>/move/", views.occurrence_move, name="occurrence_move"),
    path("occurrences/<int:pk>/cancel/", views.occurrence_cancel, name="occurrence_cancel"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("places/", views.place_list, name="place_list"),
    path("places/new/", views.place_edit, name="place_create"),
    path("places/<int:pk>/", views.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", views.place_edit, name="place_edit"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/", views.invitation_update, name="invitation_update"),
    path("invitations/letters.pdf", views.invitation_letters, name="invitation_letters"),
]
