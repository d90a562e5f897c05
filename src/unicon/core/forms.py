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
from django.http import Http404

from unicon.core.crud import snake
from unicon.core.dates import bound_fields
from unicon.core.errors import NotFound, ServiceError

AUTO_ID = "f-%s"
#: The empty choice of a select in a form ("nothing chosen"), never Django's "---------".
EMPTY_CHOICE = "—"


class ServiceFormMixin:
    """`submit(action)`: validate, call `action(self.service_data())`, catch its refusal."""

    refused: ServiceError | None = None

    def service_data(self) -> dict[str, Any]:
        """The snake_case dict the service takes (the cleaned data, refs as public ids)."""
        return dict(self.cleaned_data)

    def add_service_error(self, exc: ServiceError) -> None:
        details = exc.details if isinstance(exc.details, dict) else {}
        placed = False
        for key, reasons in details.items():
            name = snake(str(key))
            messages = [str(r) for r in reasons] if isinstance(reasons, list | tuple) else []
            if isinstance(reasons, str):
                messages = [reasons]
            if name in self.fields and messages:
                self.add_error(name, messages)
                placed = True
        if not placed:
            self.add_error(None, exc.message)

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
