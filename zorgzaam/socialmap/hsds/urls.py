"""The HSDS 3.0 API, mounted per network under /api/hsds/<network>/ (see zorgzaam/urls.py)."""

from django.urls import path

from zorgzaam.socialmap.hsds import api

urlpatterns = [
    path("", api.index, name="hsds_index"),
    path("services", api.services, name="hsds_services"),
    path("services/<str:id>", api.service, name="hsds_service"),
    path("organizations", api.organizations, name="hsds_organizations"),
    path("organizations/<str:id>", api.organization, name="hsds_organization"),
    path("service_at_locations", api.service_at_locations, name="hsds_service_at_locations"),
    path("service_at_locations/<str:id>", api.service_at_location, name="hsds_service_at_location"),
    path("taxonomies", api.taxonomies, name="hsds_taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy, name="hsds_taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term, name="hsds_taxonomy_term"),
]
