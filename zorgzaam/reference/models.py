from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    """One model named in the sources (VVSG functions, Sombrero, Buurtscan, ICC...), loaded verbatim
    from frameworks.json so self-assessment and plans refer to the same data."""

    key = models.SlugField(max_length=60, unique=True)
    source = models.TextField(blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["key"]
        verbose_name = _("framework")

    def __str__(self) -> str:
        return self.key


class Project(models.Model):
    """One of the 35 caring-neighbourhood projects of the 2021 study (inspiration base)."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)
    place = models.CharField(max_length=300, blank=True)
    province = models.CharField(max_length=60, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["number"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.title
