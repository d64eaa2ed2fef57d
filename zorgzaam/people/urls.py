from django.urls import path

from zorgzaam.people import merge_views, views

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("me/", views.me, name="me"),
    path("pick/", views.person_pick, name="pick"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/consent/", views.consent_record, name="consent"),
    path("<int:pk>/act/", views.start_acting, name="start_acting"),
    path("<int:pk>/export/", views.person_export, name="export"),
    path("<int:pk>/erase/", views.person_erase, name="erase"),
    path("<int:pk>/merge/", merge_views.person_merge, name="merge"),
    path("<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("<int:pk>/roles/<int:role_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("stop-acting/", views.stop_acting, name="stop_acting"),
]
