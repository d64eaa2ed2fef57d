from django.urls import path

from zorgzaam.reciprocity import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("transfer/", views.transfer, name="transfer"),
    path("claims/<int:pk>/confirm/", views.decide_claim, {"decision": "confirm"}, name="confirm_claim"),
    path("claims/<int:pk>/decline/", views.decide_claim, {"decision": "decline"}, name="decline_claim"),
    path("pool/", views.pool, name="pool"),
    path("reverse/<int:pk>/", views.reverse_transaction, name="reverse"),
    path("settings/", views.settings_view, name="settings"),
    path("figures/", views.figures, name="figures"),
]
