from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def missing_dependencies(app_configs) -> list[str]:
    """One line per installed app whose declared `requires` names an app that is not installed."""
    installed = {config.label for config in app_configs}
    problems = []
    for config in app_configs:
        missing = [label for label in getattr(config, "requires", ()) if label not in installed]
        if missing:
            problems.append(
                f"The app '{config.label}' requires {', '.join(repr(m) for m in missing)}, which "
                f"{'is' if len(missing) == 1 else 'are'} not in INSTALLED_APPS: add "
                f"{'it' if len(missing) == 1 else 'them'} (zorgzaam.<app> in settings.ZORGZAAM_APPS) "
                f"or remove '{config.label}' too."
            )
    return problems


class DomainAppConfig(AppConfig):
    """Base of every Zorgzaam app. `requires` names (by label) the apps this one cannot work without:
    it imports them or has foreign keys to their models (a test keeps the list true). `core` is
    always there and never listed. Start-up stops with a clear message when one is missing, before
    any model is imported (a missing model would otherwise fail somewhere deep, with a vague error)."""

    requires: tuple[str, ...] = ()
    # Each apps.py imports this base: Django picks an app's config automatically only when it is the
    # one `default` AppConfig subclass in the module, so the base says it is not one; subclasses are.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = True

    def import_models(self):
        problems = missing_dependencies(self.apps.app_configs.values())
        if problems:
            raise ImproperlyConfigured("\n".join(problems))
        super().import_models()


class CoreConfig(DomainAppConfig):
    name = "zorgzaam.core"
    label = "core"
    verbose_name = _("Core")
