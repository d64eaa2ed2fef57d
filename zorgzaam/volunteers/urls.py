from django.urls import path

from zorgzaam.volunteers import views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
    path("steps/", views.steps, name="steps"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/profile/", views.profile_edit, name="profile"),
    path("<int:pk>/steps/<int:step_pk>/", views.toggle_step, name="toggle_step"),
    path("<int:pk>/safeguarding/", views.safeguarding_add, name="safeguarding"),
    path("<int:pk>/hours/", views.hours_add, name="hours"),
    path("<int:pk>/thank/", views.thank, name="thank"),
    path("<int:pk>/appreciation/", views.appreciation_add, name="appreciation"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/support/", views.initiative_support, name="initiative_support"),
]
