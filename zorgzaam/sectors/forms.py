from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.sectors.catalogue import sort_key
from zorgzaam.sectors.models import ColumnMapping, Indicator


class SectorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Sector file"),
        help_text=_("Statbel's statistical sectors as GeoJSON, zipped Shapefile or GeoPackage."),
    )
    reference_year = forms.IntegerField(
        label=_("Reference year"),
        min_value=1970,
        max_value=2100,
        required=False,
        help_text=_(
            "Leave empty when the file name or the code column names the year "
            "(e.g. sh_statbel_statistical_sectors_31370_20240101.shp.zip or CS01012024)."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class AreaSectorsForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    pasted = forms.CharField(
        label=_("Or paste sector codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separated by spaces, commas or new lines. These are added to the ticked sectors."),
    )

    def __init__(self, *args, sectors=(), elsewhere=None, **kwargs):
        super().__init__(*args, **kwargs)
        elsewhere = elsewhere or {}
        self.fields["codes"].choices = [(s.code, self._label(s, elsewhere.get(s.code))) for s in sectors]

    @staticmethod
    def _label(sector, other_areas) -> str:
        label = f"{sector.code} {sector.name}".strip()
        if other_areas:
            label += " " + str(_("(also in %(areas)s)") % {"areas": ", ".join(other_areas)})
        return label


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_nl",
            "name_fr",
            "name_en",
            "definition",
            "source",
            "unit",
            "kind",
            "aggregation",
            "numerator_code",
            "denominator_code",
            "population_group",
            "year",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class TableUploadForm(forms.Form):
    file = forms.FileField(label=_("Table"), help_text=_("CSV (; or ,), Excel (XLSX) or Statbel TXT (|)."))


def _indicator_choices() -> list[tuple[str, str]]:
    """Indicators by their catalogue name (in the reader's language), in catalogue order; the code
    only tells apart two indicators that share a name."""
    indicators = sorted(Indicator.objects.all(), key=sort_key)
    names = [i.name for i in indicators]
    return [(i.code, f"{i.name} ({i.code})" if names.count(i.name) > 1 else i.name) for i in indicators]


class MappingForm(forms.Form):
    """One role (and indicator) per column of the uploaded table."""

    source_name = forms.CharField(label=_("Name of this source"), max_length=200, required=False)
    default_year = forms.IntegerField(
        label=_("Year of the whole table"),
        required=False,
        min_value=1970,
        max_value=2100,
        help_text=_("Only needed when the table has no year column."),
    )

    def __init__(self, *args, headers=(), initial_mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_mapping = initial_mapping or {}
        indicator_choices = [("", "—")] + _indicator_choices()
        self.columns = []
        for n, header in enumerate(headers):
            role, code = initial_mapping.get(header, ("ignore", ""))
            role_field = f"role_{n}"
            ind_field = f"indicator_{n}"
            self.fields[role_field] = forms.ChoiceField(
                label=_("Column “%(col)s”: meaning") % {"col": header},
                choices=ColumnMapping.Role.choices,
                initial=role,
            )
            self.fields[ind_field] = forms.ChoiceField(
                label=_("Column “%(col)s”: indicator") % {"col": header},
                choices=indicator_choices,
                initial=code,
                required=False,
            )
            self.columns.append((header, self[role_field], self[ind_field]))
        self.headers = list(headers)

    def mapping(self) -> dict:
        return {
            h: [self.cleaned_data[f"role_{n}"], self.cleaned_data.get(f"indicator_{n}") or ""]
            for n, h in enumerate(self.headers)
        }
