from django.urls import path

from zorgzaam.outreach import views

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/streets/", views.round_streets, name="round_streets"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/assign/", views.visit_assign, name="visit_assign"),
    path("circles/new/", views.circle_create, name="circle_create"),
    path("circles/<int:pk>/", views.circle_detail, name="circle_detail"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/call/", views.call_log, name="call_log"),
    path("print/", views.print_list, name="print"),
    path("checklists/<int:pk>/", views.checklist_detail, name="checklist_detail"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
]
