"""Base of the pages' forms: Django forms whose values go to ONE service call.

The form reads and type-checks the input (fields, labels, choices and validators come from
the model where there is one); the service decides everything else. A service refusal
(`ValidationFailed.details`, keyed like the API body: `ownerId`, `stops[0].locationName`)
is put on the matching form field, anything else above the form — so the page shows the
same errors as the API for the same input.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy

from unicon.core import readable
from unicon.core.crud import snake
from unicon.core.dates import bound_fields
from unicon.core.errors import NotFound, ServiceError

AUTO_ID = "f-%s"
#: The empty choice of a select in a form ("nothing chosen"), never Django's "---------".
EMPTY_CHOICE = "—"


def put_on_form(
    form: forms.BaseForm, exc: ServiceError, reasons: dict[str, list[str]] | None = None
) -> None:
    """Show a service refusal on `form`: each detail on the field it names (`ownerId` →
    `owner_id`), its reasons readable (`core.readable`: codes as sentences); details naming
    no field of the form above it as "Label: reason" (the field's label, else a common or
    generic one — never the raw key); a refusal without field details as its message.
    `reasons`: the readable field reasons to place, when the caller placed some elsewhere."""
    reasons = readable.field_reasons(exc) if reasons is None else reasons
    leftover: dict[str, list[str]] = {}
    for key, texts in reasons.items():
        if snake(key) in form.fields:
            form.add_error(snake(key), texts)
        else:
            leftover[key] = texts
    if leftover or not reasons:
        form.add_error(None, readable.compose(exc.message, leftover, readable.form_labels(form)))


class ServiceFormMixin:
    """`submit(action)`: validate, call `action(self.service_data())`, catch its refusal."""

    refused: ServiceError | None = None

    def service_data(self) -> dict[str, Any]:
        """The snake_case dict the service takes (the cleaned data, refs as public ids)."""
        return dict(self.cleaned_data)

    def add_service_error(self, exc: ServiceError) -> None:
        put_on_form(self, exc)

    def submit(self, action: Callable[[dict], Any]) -> Any | None:
        """The service's result, or None when the input or the service refused (errors are
        then on the form; `refused` holds the service error). NotFound becomes the 404."""
        if self.is_valid():
            try:
                return action(self.service_data())
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except ServiceError as exc:
                self.refused = exc
                self.add_service_error(exc)
        for name in self.errors:
            if name in self.fields:  # screen readers read the error with the field
                self.fields[name].widget.attrs["aria-describedby"] = f"{AUTO_ID % name}-err"
        return None


class ServiceModelForm(ServiceFormMixin, forms.ModelForm):
    """A ModelForm used for its fields and initial values only: it never saves the
    instance and does not run the model's `full_clean` (the service does, in its
    transaction); `ref_fields` are choices of public ids (`owner_id` → `owner`), their
    options from `ref_choices_for(user)` ({field name: [(public id, label), …]})."""

    ref_fields: tuple[str, ...] = ()

    def ref_choices_for(self, user) -> dict[str, list[tuple[str, str]]]:
        return {}

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", AUTO_ID)
        super().__init__(*args, **kwargs)
        self.user = user
        for name, choices in self.ref_choices_for(user).items():
            self.fields[name].choices = choices
        for name in self.ref_fields:
            if name in self.fields and self.instance.pk:
                related = getattr(self.instance, name.removesuffix("_id"))
                self.initial[name] = str(related.public_id) if related else ""
        bound_fields(self)  # the model's dates and datetimes: DayField / MomentField

    def _post_clean(self) -> None:
        """No model validation here: the service validates inside its transaction."""

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        for name in self.ref_fields:
            if name in data:
                data[name] = data[name] or None
        return data


#: A text longer than its column, as the services word it ("At most 255 characters.").
TOO_LONG = gettext_lazy("At most %(limit_value)s characters (%(show_value)s typed).")


def model_text(model: type[models.Model], name: str, **kwargs) -> forms.CharField:
    """A hand-built form's text input for model field `name`: its `max_length` (the column's
    bound, so a longer text is a form error — never a database error or a silent cut),
    optional unless `required=True`, a small textarea for a text column."""
    field = model._meta.get_field(name)
    kwargs.setdefault("max_length", field.max_length)
    kwargs.setdefault("required", False)
    kwargs.setdefault("error_messages", {"max_length": TOO_LONG})
    if isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
    return forms.CharField(**kwargs)


def ref_choices(rows, label: Callable[[Any], str] = str) -> list[tuple[str, str]]:
    """(public id, label) options with an empty first choice, for a `ref_fields` select."""
    return [("", EMPTY_CHOICE), *((str(r.public_id), label(r)) for r in rows)]


def told_apart(
    rows, name: Callable[[Any], str], detail: Callable[[Any], str]
) -> Callable[[Any], str]:
    """A label function for `ref_choices`: each row's `name`, followed by "(`detail`)" only
    for rows whose name another row shares — people read names, not codes."""
    rows = list(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[name(row)] = counts.get(name(row), 0) + 1
    return lambda row: name(row) if counts[name(row)] == 1 else f"{name(row)} ({detail(row)})"


class DecimalCommaField(forms.DecimalField):
    """A decimal typed with a comma or a point (Vietnamese keyboards write 10,7612)."""

    def to_python(self, value):
        return super().to_python(value.replace(",", ".") if isinstance(value, str) else value)
