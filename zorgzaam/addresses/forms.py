from django import forms
from django.utils.translation import gettext_lazy as _


class AddressImportForm(forms.Form):
    file = forms.FileField(
        label=_("BeST address file (CSV, or the ZIP holding it)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.zip,.txt"}),
    )
    municipalities = forms.CharField(
        label=_("Only these municipalities (NIS codes, optional)"),
        required=False,
        max_length=500,
        help_text=_("For example 44021 41002. Empty: every municipality in the file."),
    )

    def clean_municipalities(self) -> list[str]:
        codes = self.cleaned_data["municipalities"].replace(",", " ").split()
        bad = [c for c in codes if not (c.isascii() and c.isdigit() and len(c) == 5)]
        if bad:
            raise forms.ValidationError(
                _("A NIS code has five digits: %(codes)s") % {"codes": ", ".join(bad)}
            )
        return codes
