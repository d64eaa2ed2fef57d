from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "zorgzaam.care"
    label = "care"
    verbose_name = _("Care pathway")

    def ready(self):
        from zorgzaam.care import hooks, texts

        hooks.register()
        texts.register()
