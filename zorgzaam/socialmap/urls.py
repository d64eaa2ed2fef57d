from django.urls import path

from zorgzaam.socialmap import views
from zorgzaam.socialmap.hsds import web as hsds_web

urlpatterns = [
    path("", views.service_list, name="list"),
    path("map/", views.service_map, name="map"),
    path("services/<int:pk>/", views.service_detail, name="detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="edit"),
    path("services/<int:pk>/verify/", views.service_verify, name="verify"),
    path("services/<int:pk>/report/", views.service_report, name="report"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/claim/", views.organisation_claim, name="claim"),
    path("organisations/<int:org_pk>/services/new/", views.service_create, name="create"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim_decide"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("open-referral/", views.hsds_page, name="hsds"),
    path("open-referral/export.json", views.hsds_export_json, name="export_json"),
    path("open-referral/export.zip", views.hsds_export_zip, name="export_zip"),
    path("open-referral/export-excel.zip", hsds_web.export_zip_excel, name="export_zip_excel"),
    path("report/<uuid:hsds_id>/", views.public_report, name="public_report"),
    path("public/<slug:slug>.json", views.public_json, name="public_json"),
]
