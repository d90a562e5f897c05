from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from unicon.core.forms import model_text
from unicon.notifications.models import Channel, WebhookEndpoint


class PreferencesForm(forms.Form):
    """One checkbox per (event type, channel) the user hears, and the e-mail language."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, kinds, current: dict, language: str, **kwargs) -> None:
        super().__init__(*args, initial={"language": language}, **kwargs)
        self.rows = []
        for kind in kinds:
            row = []
            for channel in Channel:
                name = f"{kind.code}:{channel.value}"
                self.fields[name] = forms.BooleanField(
                    label=f"{kind.label} — {channel.label}",
                    required=False,
                    initial=current[kind.code][channel.value],
                )
                row.append(name)
            self.rows.append((kind, row))

    def choices(self):
        """[(event type, channel, enabled)] from the cleaned data."""
        return [
            (*name.split(":", 1), value)
            for name, value in self.cleaned_data.items()
            if name != "language"
        ]


class EndpointForm(forms.Form):
    """Register a webhook endpoint (the event types offered are the ones the user may get)."""

    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("Event types (none: all you may receive)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = model_text(WebhookEndpoint, "description", label=_("Description"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = choices
