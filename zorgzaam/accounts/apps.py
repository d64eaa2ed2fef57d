from django.utils.translation import gettext_lazy as _

from zorgzaam.core.apps import DomainAppConfig


class AccountsConfig(DomainAppConfig):
    name = "zorgzaam.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    requires = ("audit", "people")

    def ready(self):
        from zorgzaam.accounts import services  # noqa: F401 - registers its audit kinds at start-up
