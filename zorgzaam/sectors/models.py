"""Statistical sectors (Statbel), areas made of sectors, placements of points, and indicators.

Sectors and indicators are public statistics, not personal data. Placements of persons are personal
data: they are only ever used in aggregates and never exposed one by one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.i18n import TranslatedNameMixin, pick


class SectorSet(models.Model):
    """One version (reference year) of the statistical-sector layer. Older versions are kept."""

    reference_year = models.PositiveSmallIntegerField(_("reference year"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    crs_source = models.CharField(_("coordinate system of the file"), max_length=40, blank=True)
    feature_count = models.PositiveIntegerField(_("number of sectors"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # False while an import is still writing rows: such a set is never "current".
    complete = models.BooleanField(default=False)

    class Meta:
        ordering = ["-reference_year", "-imported_at", "-id"]
        verbose_name = _("sector layer")
        verbose_name_plural = _("sector layers")

    def __str__(self) -> str:
        return self.name or str(self.reference_year)


class Sector(models.Model):
    sector_set = models.ForeignKey(SectorSet, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("sector code"), max_length=12)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    nis_code = models.CharField(_("municipality (NIS code)"), max_length=5, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON, WGS84)"))
    area_m2 = models.FloatField(_("surface (m²)"), default=0)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    # Bounding box in WGS84, for cheap prefiltering without parsing the geometry.
    minx = models.FloatField(default=0)
    miny = models.FloatField(default=0)
    maxx = models.FloatField(default=0)
    maxy = models.FloatField(default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("statistical sector")
        verbose_name_plural = _("statistical sectors")
        constraints = [models.UniqueConstraint(fields=["sector_set", "code"], name="sector_unique_code")]
        indexes = [
            models.Index(fields=["sector_set", "nis_code"]),
            models.Index(fields=["sector_set", "minx", "maxx"]),
        ]

    def __str__(self) -> str:
        name = self.name
        return f"{self.code} {name}".strip()

    @property
    def name(self) -> str:
        return pick(self)


class SectorChange(models.Model):
    """How sectors changed between two versions, detected by code and geometry overlap."""

    class Kind(models.TextChoices):
        UNCHANGED = "unchanged", _("Unchanged")
        RENAMED = "renamed", _("New code, same sector")
        SPLIT = "split", _("Split")
        MERGED = "merged", _("Merged")
        NEW = "new", _("New")
        REMOVED = "removed", _("Removed")
        RESHAPED = "reshaped", _("Boundary changed")

    from_set = models.ForeignKey(SectorSet, on_delete=models.CASCADE, related_name="changes_out")
    to_set = models.ForeignKey(SectorSet, on_delete=models.CASCADE, related_name="changes_in")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    old_codes = models.JSONField(default=list, blank=True)
    new_codes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["to_set", "kind", "id"]
        indexes = [models.Index(fields=["to_set", "kind"])]
        verbose_name = _("sector change")


class AreaSector(models.Model):
    """An area defined as a set of sectors (otherwise the area's drawn boundary is used)."""

    area = models.ForeignKey("networks.Area", on_delete=models.CASCADE, related_name="area_sectors")
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="area_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "sector"], name="areasector_unique")]
        verbose_name = _("sector of an area")


class Placement(models.Model):
    """Which sector and area a point (a person, a place, a service) falls in. Personal data for
    persons: only used in aggregates."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="placements")
    source = models.CharField(max_length=60)  # registered point source label, e.g. "people.person"
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="placements"
    )
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.ForeignKey(
        "networks.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    # True when Person.area was filled in by placement (so a later placement may change it again).
    area_set_automatically = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "source", "object_id"], name="placement_unique")
        ]
        indexes = [models.Index(fields=["network", "source", "area"])]


class Indicator(TranslatedNameMixin, models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        RATE = "rate", _("Rate")
        MEDIAN = "median", _("Median")
        MEAN = "mean", _("Mean")
        SHARE = "share", _("Share")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Add up")
        RECOMPUTE_RATE = "recompute_rate", _("Recompute from numerator and denominator")
        NONE = "none", _("Not aggregable (per sector only)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    numerator_code = models.SlugField(_("numerator indicator"), max_length=60, blank=True)
    denominator_code = models.SlugField(_("denominator indicator"), max_length=60, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    population_group = models.SlugField(
        _("population group"),
        max_length=60,
        blank=True,
        help_text=_("For reach: the group this count describes, e.g. age_65_plus."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    sector_code = models.CharField(max_length=12)
    sector_set = models.ForeignKey(
        SectorSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicator_values"
    )
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "sector_code"], name="indicatorvalue_unique")
        ]
        indexes = [models.Index(fields=["sector_code", "year"])]


class ImportSource(models.Model):
    """A kind of indicator file seen before, recognised by its column headers."""

    name = models.CharField(_("source name"), max_length=200)
    signature = models.CharField(max_length=64, unique=True)
    headers = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("import source")

    def __str__(self) -> str:
        return self.name


class ColumnMapping(models.Model):
    class Role(models.TextChoices):
        IGNORE = "ignore", _("Ignore")
        SECTOR = "sector", _("Sector code")
        YEAR = "year", _("Year")
        VALUE = "value", _("Indicator value")
        NUMERATOR = "numerator", _("Numerator")
        DENOMINATOR = "denominator", _("Denominator")

    source = models.ForeignKey(ImportSource, on_delete=models.CASCADE, related_name="columns")
    column = models.CharField(max_length=200)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.IGNORE)
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        ordering = ["source", "id"]
        constraints = [models.UniqueConstraint(fields=["source", "column"], name="columnmapping_unique")]


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        SECTORS = "sectors", _("Sector layer")
        INDICATORS = "indicators", _("Indicator table")
        PLACEMENTS = "placements", _("Placing addresses in sectors")
        ADDRESSES = "addresses", _("Address register")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    params = models.JSONField(default=dict, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sector_set = models.ForeignKey(SectorSet, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who runs it ("host:pid:token") and when it last moved: how an interrupted job is recognised.
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    # Some reasons are stored as their English msgid (written by a process that serves nobody in
    # particular) and translated when shown; text stored already translated passes through unchanged.
    @property
    def shown_message(self) -> str:
        return gettext(self.message) if self.message else ""

    @property
    def shown_errors(self) -> list[str]:
        return [gettext(e) if e else e for e in self.errors]

    @property
    def interrupted(self) -> bool:
        from zorgzaam.sectors.jobs import INTERRUPTED

        return self.status == self.Status.FAILED and self.errors == [INTERRUPTED]
