"""Stop templates (the stops of each shipment type) and customers' required-photo overrides:
read by everyone (inactive ones by the office), written by ADMIN."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from unicon.core import audit
from unicon.core.errors import NotFound, ValidationFailed
from unicon.core.permissions import ensure_role
from unicon.core.roles import is_customer
from unicon.customers.models import Customer
from unicon.shipments import policies
from unicon.shipments.labels import stored_label
from unicon.shipments.models import (
    CustomerStopTemplateOverride,
    StopCategory,
    StopTemplate,
    StopTemplateStop,
    StopType,
)
from unicon.shipments.stops import check_photos

# --------------------------------------------------------------------------- stop templates


def list_stop_templates(user, customer_id=None) -> list[StopTemplate]:
    """Every template with its stops; `customer_overrides` on each stop holds the override
    of the given customer (always the user's own company for customer users)."""
    if is_customer(user):
        customer_pk = user.customer_id
    elif customer_id:
        customer = Customer.objects.filter(public_id=customer_id).first()
        if customer is None:
            raise NotFound(_("No such customer."))
        customer_pk = customer.pk
    else:
        customer_pk = None
    overrides = CustomerStopTemplateOverride.objects.filter(customer_id=customer_pk)
    templates = StopTemplate.objects.prefetch_related(
        Prefetch(
            "stops",
            queryset=StopTemplateStop.objects.prefetch_related(
                Prefetch("overrides", queryset=overrides, to_attr="customer_overrides")
            ),
        )
    )
    if not policies.may_see_inactive_templates(user):
        templates = templates.filter(is_active=True)
    return list(templates.order_by("code"))


def _template_stop_specs(stops: list[dict]) -> list[dict]:
    errors: dict = {}
    seen = []
    result = []
    for index, raw in enumerate(stops):
        key = f"stops[{index}]"
        sequence = raw.get("sequence") or index + 1
        seen.append(sequence)
        if raw.get("stop_type") not in StopType.values:
            errors[f"{key}.stopType"] = [_("Choose the stop type.")]
        category = raw.get("category") or StopCategory.OTHER
        if category not in StopCategory.values:
            errors[f"{key}.category"] = [_("Unknown stop category.")]
        photos = check_photos(raw.get("required_photos") or [], f"{key}.requiredPhotos", errors)
        result.append(
            {
                "sequence": sequence,
                "category": category,
                "stop_type": raw.get("stop_type"),
                "label": stored_label(raw.get("label") or "")[:255],
                "required_photos": photos,
                "dwell_minutes": raw.get("dwell_minutes"),
            }
        )
    if not stops:
        errors["stops"] = [_("A template needs at least one stop.")]
    elif sorted(seen) != list(range(1, len(seen) + 1)):
        errors["stops"] = [_("Stop sequences must be 1, 2, 3, … without gaps.")]
    if errors:
        raise ValidationFailed(_("Some template stops are invalid."), errors)
    return result


def save_stop_template(
    user, code: str, *, name: str | None, is_active: bool | None, stops: list[dict]
) -> StopTemplate:
    """Create or replace a stop template (ADMIN). Existing stops are updated by sequence
    (keeping customers' overrides), missing ones removed, new ones added."""
    ensure_role(user, policies.TEMPLATE_ADMIN_ROLES)
    code = (code or "").strip().upper()
    specs = _template_stop_specs(stops)
    with transaction.atomic(), audit.labelled("stop_template.save"):
        template = StopTemplate.objects.select_for_update().filter(code=code).first()
        if template is None:
            if not name:
                raise ValidationFailed(_("A new template needs a name."), {"name": ["required"]})
            template = StopTemplate(code=code, name=name)
            try:
                template.full_clean()
            except DjangoValidationError as exc:
                raise ValidationFailed(_("Invalid template code."), {"code": ["invalid"]}) from exc
        if name:
            template.name = name.strip()[:100]
        if is_active is not None:
            template.is_active = is_active
        template.save()
        existing = {s.sequence: s for s in template.stops.all()}
        for spec in specs:
            stop = existing.pop(spec["sequence"], None) or StopTemplateStop(template=template)
            for key, value in spec.items():
                setattr(stop, key, value)
            stop.save()
        for stale in existing.values():
            stale.delete()
    return next(t for t in list_stop_templates(user) if t.pk == template.pk)


def save_customer_overrides(user, customer_id, code: str, stops: list[dict]) -> StopTemplate:
    """Set a customer's required photos for a template (ADMIN). `stops` lists
    {sequence, required_photos}; a sequence not listed (or with required_photos None)
    goes back to the template's default."""
    ensure_role(user, policies.TEMPLATE_ADMIN_ROLES)
    customer = Customer.objects.filter(public_id=customer_id).first()
    if customer is None:
        raise NotFound(_("No such customer."))
    template = StopTemplate.objects.filter(code=(code or "").upper()).first()
    if template is None:
        raise NotFound(_("No such stop template."))
    template_stops = {s.sequence: s for s in template.stops.all()}
    errors: dict = {}
    wanted: dict[int, list[str]] = {}
    for index, raw in enumerate(stops):
        sequence = raw.get("sequence")
        if sequence not in template_stops:
            errors[f"stops[{index}].sequence"] = [_("The template has no such stop.")]
            continue
        if raw.get("required_photos") is not None:
            wanted[sequence] = check_photos(
                raw["required_photos"], f"stops[{index}].requiredPhotos", errors
            )
    if errors:
        raise ValidationFailed(_("Some overrides are invalid."), errors)
    with transaction.atomic(), audit.labelled("stop_template.customer_override"):
        current = {
            o.template_stop_id: o
            for o in CustomerStopTemplateOverride.objects.select_for_update().filter(
                customer=customer, template_stop__template=template
            )
        }
        for sequence, template_stop in template_stops.items():
            override = current.get(template_stop.pk)
            if sequence in wanted:
                override = override or CustomerStopTemplateOverride(
                    customer=customer, template_stop=template_stop
                )
                override.required_photos = wanted[sequence]
                override.save()
            elif override is not None:
                override.delete()
    return next(t for t in list_stop_templates(user, customer.public_id) if t.pk == template.pk)
