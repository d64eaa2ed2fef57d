import json

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgzaam.core import uploads
from zorgzaam.networks.models import Area


class AreaForm(forms.ModelForm):
    boundary_text = forms.CharField(
        label=_("Boundary (GeoJSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "Paste a GeoJSON Polygon in longitude/latitude, or upload a file below. Leave empty if unknown."
        ),
    )
    boundary_file = forms.FileField(label=_("Or upload a .geojson file"), required=False)

    class Meta:
        model = Area
        fields = ["name", "slug", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.boundary:
            self.fields["boundary_text"].initial = json.dumps(self.instance.boundary)

    def clean(self):
        data = super().clean()
        upload = data.get("boundary_file")
        if upload:
            try:  # the service's limit, checked here too so that a large file is not even read
                uploads.check_size(uploads.BOUNDARIES, upload.size)
            except uploads.UploadRefused as exc:
                raise forms.ValidationError({"boundary_file": exc.messages}) from None
            try:
                data["boundary_text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError({"boundary_file": _("This file is not a text GeoJSON file.")})
        return data

    def boundary(self):
        text = (self.cleaned_data.get("boundary_text") or "").strip()
        return text or None


class NetworkSettingsForm(forms.ModelForm):
    class Meta:
        from zorgzaam.networks.models import Network

        model = Network
        fields = [
            "name",
            "description",
            "municipality",
            "nis_code",
            "k_anonymity",
            "retention_months",
            "require_2fa_coordinators",
        ]

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        if getattr(settings, "ZORGZAAM_REQUIRE_2FA", False):
            # The installation requires it already: a network can only add to that, never lift it.
            field = self.fields["require_2fa_coordinators"]
            field.disabled = True
            field.initial = self.initial["require_2fa_coordinators"] = True
            field.help_text = _("Required for every network on this installation.")

    def clean_k_anonymity(self):
        k = self.cleaned_data["k_anonymity"]
        if k < 5:
            raise forms.ValidationError(_("Use at least 5, so that nobody can be recognised in a table."))
        return k
