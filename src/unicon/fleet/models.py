import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.core.phones import PhoneField, ensure_unique_phone
from unicon.core.roles import Role
from unicon.core.text import FoldedSearchModel

# Vietnamese plates: province number, series of one or two letters, 4 or 5 digits
# (51C-123.45 tractor, 51R-012.34 trailer, 51LD-1234).
PLATE = re.compile(r"(\d{2}[A-Z]{1,2})(\d{4,5})")
#: The manufacturing years a vehicle and the birth years a driver may have (the API, the
#: pages and the workbook import read the same bounds).
MANUFACTURING_YEARS = (1970, 2100)
BIRTH_YEARS = (1940, 2015)


def normalise_plate(plate: str) -> str:
    """`51c-123.45` and `51C 12345` are the same plate: upper-case letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", (plate or "").upper())


def validate_plate(value: str) -> None:
    if not PLATE.fullmatch(normalise_plate(value)):
        raise ValidationError(
            _("Not a licence plate: expected e.g. 51C-123.45 or 51R-012.34."), code="plate"
        )


def format_plate(plate: str) -> str:
    """The usual written form of a normalised plate: 51C12345 → 51C-123.45, 51C1234 → 51C-1234."""
    match = PLATE.fullmatch(plate or "")
    if match is None:
        return plate
    series, number = match.groups()
    return f"{series}-{number[:3]}.{number[3:]}" if len(number) == 5 else f"{series}-{number}"


class LegalEntity(FoldedSearchModel, PublicIdModel, TimeStampedModel):
    """A company of the group that owns vehicles and issues invoices (Unicon, Khánh Huy, …)."""

    SEARCH_FIELDS = ("code", "name")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return self.name


class VehicleType(models.TextChoices):
    TRACTOR = "TRACTOR", _("Tractor")
    TRAILER = "TRAILER", _("Trailer")


class VehicleStatus(models.TextChoices):
    IN_USE = "IN_USE", _("In service")
    MAINTENANCE = "MAINTENANCE", _("Maintenance")
    OUT_OF_SERVICE = "OUT_OF_SERVICE", _("Out of service")


class Ownership(models.TextChoices):
    OWN = "OWN", _("Own (legal entity)")
    RENTAL = "RENTAL", _("Rented")


class Vehicle(PublicIdModel, TimeStampedModel):
    plate = models.CharField(
        _("licence plate"), max_length=16, unique=True, validators=[validate_plate]
    )
    vehicle_type = models.CharField(_("type"), max_length=8, choices=VehicleType.choices)
    ownership = models.CharField(
        _("ownership"), max_length=6, choices=Ownership.choices, default=Ownership.OWN
    )
    owner = models.ForeignKey(
        LegalEntity,
        verbose_name=_("owning entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vehicles",
    )
    rental_company = models.CharField(_("rented from"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VehicleStatus.choices, default=VehicleStatus.IN_USE
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    manufacturing_year = models.PositiveSmallIntegerField(
        _("manufacturing year"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MANUFACTURING_YEARS[0]),
            MaxValueValidator(MANUFACTURING_YEARS[1]),
        ],
    )
    inspection_expiry = models.DateField(_("inspection valid until"), null=True, blank=True)
    insurance_expiry = models.DateField(_("insurance valid until"), null=True, blank=True)
    operation_permit_expiry = models.DateField(
        _("operation permit valid until"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["vehicle_type", "plate"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        indexes = [models.Index(fields=["vehicle_type", "status"])]
        constraints = [
            models.CheckConstraint(
                name="vehicle_own_has_owner",
                condition=models.Q(ownership="RENTAL") | models.Q(owner__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return format_plate(self.plate)

    def clean(self) -> None:
        """Own vehicles name their owning entity, rented ones the company they come from;
        the field of the other kind is cleared."""
        super().clean()
        self.plate = normalise_plate(self.plate)
        if self.ownership == Ownership.RENTAL:
            self.owner = None
            if not self.rental_company.strip():
                raise ValidationError(
                    {"rental_company": _("A rented vehicle needs the company it is rented from.")}
                )
        else:
            self.rental_company = ""
            if self.owner_id is None:
                raise ValidationError({"owner": _("An own vehicle needs its owning entity.")})

    def save(self, *args, **kwargs):
        self.plate = normalise_plate(self.plate)
        super().save(*args, **kwargs)


class DriverStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("Active")
    INACTIVE = "INACTIVE", _("Inactive")
    SUSPENDED = "SUSPENDED", _("Suspended")


class Driver(PublicIdModel, TimeStampedModel):
    """The driving profile of a DRIVER user (every driver is a login)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="driver"
    )
    phone = PhoneField(_("phone"), mobile=True)
    licence_number = models.CharField(_("licence number"), max_length=30, blank=True)
    licence_class = models.CharField(_("licence class"), max_length=10, blank=True)
    licence_expiry = models.DateField(_("licence valid until"))
    citizen_id = models.CharField(_("citizen ID"), max_length=20, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(BIRTH_YEARS[0]), MaxValueValidator(BIRTH_YEARS[1])],
    )
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    employer = models.ForeignKey(
        LegalEntity,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drivers",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DriverStatus.choices, default=DriverStatus.ACTIVE
    )
    default_tractor = models.ForeignKey(
        Vehicle,
        verbose_name=_("default tractor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"vehicle_type": VehicleType.TRACTOR},
    )
    default_trailer = models.ForeignKey(
        Vehicle,
        verbose_name=_("default trailer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"vehicle_type": VehicleType.TRAILER},
    )

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.user.full_name

    def clean(self) -> None:
        super().clean()
        ensure_unique_phone(self)
        errors = {}
        if self.user_id is not None and self.user.role != Role.DRIVER:
            errors["user"] = _("A driver profile belongs to a user with the DRIVER role.")
        for field, vehicle_type in (
            ("default_tractor", VehicleType.TRACTOR),
            ("default_trailer", VehicleType.TRAILER),
        ):
            vehicle = getattr(self, field)
            if vehicle is not None and vehicle.vehicle_type != vehicle_type:
                errors[field] = _("%(plate)s is not a %(type)s.") % {
                    "plate": vehicle,
                    "type": VehicleType(vehicle_type).label.lower(),
                }
        if errors:
            raise ValidationError(errors)
