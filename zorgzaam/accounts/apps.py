from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zorgzaam.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from zorgzaam.accounts import services  # noqa: F401 - registers its audit kinds at start-up
