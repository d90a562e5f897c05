from django import forms
from django.utils.translation import gettext_lazy as _

from unicon.dataio.sheets import SPECS


class ImportForm(forms.Form):
    """Upload of the company workbook (checked by the import service, not here)."""

    file = forms.FileField(label=_("Workbook (.xlsx)"))
    sheets = forms.MultipleChoiceField(
        label=_("Sheets"),
        choices=[(spec.key, spec.title) for spec in SPECS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every sheet."),
    )
