from django.urls import path

from zorgzaam.addresses import views

urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("streets/", views.street_options, name="streets"),
    path("to-place/", views.to_place, name="to_place"),
]
