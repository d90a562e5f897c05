from decimal import Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.core.phones import PhoneField, ensure_unique_phone
from unicon.core.text import FoldedSearchModel

#: The longest payment term, in its unit (days or months): a year of days.
MAX_PAYMENT_TERM = 365


class PaymentTermUnit(models.TextChoices):
    DAYS = "DAYS", _("Days")
    MONTHS = "MONTHS", _("Months")


class StatementCycle(models.TextChoices):
    MONTHLY_25 = "MONTHLY_25", _("Monthly on the 25th")
    MONTHLY_30 = "MONTHLY_30", _("Monthly at month end")
    WEEKLY = "WEEKLY", _("Weekly")
    BIMONTHLY = "BIMONTHLY", _("On the 15th and month end")


class CustomerStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("Active")
    INACTIVE = "INACTIVE", _("Inactive")


class Customer(FoldedSearchModel, PublicIdModel, TimeStampedModel):
    """A customer company (chủ hàng). Customer users belong to exactly one."""

    SEARCH_FIELDS = ("code", "name", "phone")

    code = models.CharField(
        _("customer code"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]{3,10}$", _("3-10 upper-case letters or digits."))],
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneField(_("phone"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^\d{10}(-?\d{3})?$", _("10 or 13 digits."))],
    )
    payment_term = models.PositiveSmallIntegerField(
        _("payment term"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PAYMENT_TERM)],
    )
    payment_term_unit = models.CharField(
        _("payment term unit"),
        max_length=6,
        choices=PaymentTermUnit.choices,
        default=PaymentTermUnit.DAYS,
    )
    statement_cycle = models.CharField(
        _("statement cycle"), max_length=12, choices=StatementCycle.choices, blank=True
    )
    has_vat_invoice = models.BooleanField(_("issues VAT invoices"), default=False)
    invoice_name = models.CharField(_("name on invoice"), max_length=255, blank=True)
    invoice_address = models.CharField(_("address on invoice"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CustomerStatus.choices, default=CustomerStatus.ACTIVE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(payment_term__gte=1), name="customer_term_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        super().clean()
        ensure_unique_phone(self)

    @property
    def is_active(self) -> bool:
        return self.status == CustomerStatus.ACTIVE


class LocationKind(models.TextChoices):
    PORT = "PORT", _("Port")
    DEPOT = "DEPOT", _("Container depot")
    ICD = "ICD", _("Inland container depot")
    WAREHOUSE = "WAREHOUSE", _("Warehouse")
    OTHER = "OTHER", _("Other")


class Location(FoldedSearchModel, PublicIdModel, TimeStampedModel):
    """An address-book entry. Without a customer it is shared (ports, depots, ICDs);
    with one it belongs to that customer's own address book (their warehouses)."""

    SEARCH_FIELDS = ("name", "address", "province", "contact_person", "contact_phone")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=LocationKind.choices)
    address = models.CharField(_("address"), max_length=500, blank=True)
    province = models.CharField(_("province / city"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="locations",
    )
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = PhoneField(_("contact phone"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [
            models.Index(fields=["customer", "kind"]),
            models.Index(fields=["name", "id"], name="location_name_keyset"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.customer_id is None

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})


class RouteDistance(PublicIdModel, TimeStampedModel):
    """The road distance in km between two locations, the same both ways: the pair is stored
    once (`origin` is the one with the smaller id, the services order it), so A→B and B→A
    are one record. Used to show a shipment's planned km (sum of its known legs)."""

    origin = models.ForeignKey(
        Location, verbose_name=_("origin"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.ForeignKey(
        Location, verbose_name=_("destination"), on_delete=models.PROTECT, related_name="+"
    )
    km = models.DecimalField(
        _("km"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("5000"))],
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("route distance")
        verbose_name_plural = _("route distances")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "destination"],
                name="route_distance_pair",
                violation_error_message=_(
                    "The distance between these two places is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(origin__lt=models.F("destination")),
                name="route_distance_ordered_pair",
                violation_error_message=_("The two ends must be different places."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} – {self.destination}: {self.km} km"

    def clean(self) -> None:
        super().clean()
        if self.origin_id and self.origin_id == self.destination_id:
            raise ValidationError({"destination": _("The two ends must be different places.")})


def route_km(location_ids: list[int | None]) -> dict:
    """The planned km of a route through `location_ids` (stop order, primary keys; None for a
    stop without a location): the sum of the legs whose distance is known, in one query.
    {km: Decimal | None (no leg known), legs, known_legs}; a leg between two stops at the same
    place counts as 0 km, a leg from or to a stop without a location as unknown."""
    legs = list(pairwise(location_ids))
    pairs = {tuple(sorted(leg)) for leg in legs if None not in leg and leg[0] != leg[1]}
    known: dict = {}
    if pairs:
        condition = models.Q()
        for low, high in pairs:
            condition |= models.Q(origin_id=low, destination_id=high)
        rows = RouteDistance.objects.filter(condition).values_list(
            "origin_id", "destination_id", "km"
        )
        known = {(low, high): km for low, high, km in rows}
    total, count = Decimal(0), 0
    for a, b in legs:
        km = None if None in (a, b) else Decimal(0) if a == b else known.get(tuple(sorted((a, b))))
        if km is not None:
            total, count = total + km, count + 1
    return {"km": total if count else None, "legs": len(legs), "known_legs": count}
