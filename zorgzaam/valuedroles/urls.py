from django.urls import path

from zorgzaam.valuedroles import views

urlpatterns = [
    path("", views.role_list, name="list"),
    path("new/", views.role_edit, name="create"),
    path("<int:pk>/", views.role_detail, name="detail"),
    path("<int:pk>/edit/", views.role_edit, name="edit"),
    path("<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("holdings/<int:pk>/end/", views.end_holding, name="end"),
]
