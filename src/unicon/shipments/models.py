"""Shipments, their stops, stop templates (required photos as data), events and number counters.

Business rules live in `unicon.shipments.services`; these models hold the data and the
database-level guarantees (unique numbers, unique stop sequences, end after start).
"""

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.clock import is_late
from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.core.phones import PhoneField
from unicon.customers.models import Customer, Location
from unicon.shipments.validators import validate_container_number

#: Limits defined once: the model (full_clean, ModelForms), the services and the API schemas
#: all use these, so both channels refuse the same input with the same error.
MAX_STOPS = 50
MAX_INSTRUCTIONS = 5000


class ShipmentType:
    """Codes of the built-in stop templates; `Shipment.shipment_type` holds a `StopTemplate.code`,
    so ADMIN can add more types without a code change."""

    EXPORT = "EXPORT"
    IMPORT = "IMPORT"


class OperationStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    PENDING = "PENDING", _("Waiting for dispatch")
    DISPATCHED = "DISPATCHED", _("Dispatched")
    IN_TRANSIT = "IN_TRANSIT", _("In transit")
    DELIVERED = "DELIVERED", _("Delivered")
    CANCELLED = "CANCELLED", _("Cancelled")


class ReviewStatus(models.TextChoices):
    """Where a customer's request stands in the ops review (blank: made by the office, no
    review). Set by `unicon.shipments.review`; AWAITING requests are not in the dispatch queue."""

    AWAITING = "AWAITING", _("Awaiting review")
    ACCEPTED = "ACCEPTED", _("Accepted")
    RETURNED = "RETURNED", _("Sent back")
    REJECTED = "REJECTED", _("Rejected")


class DocumentStatus(models.TextChoices):
    DOC_PENDING = "DOC_PENDING", _("Documents pending")
    DOC_RECEIVED = "DOC_RECEIVED", _("Documents received")
    DOC_RETURNED = "DOC_RETURNED", _("Documents returned")


class FinancialStatus(models.TextChoices):
    NOT_BILLED = "NOT_BILLED", _("Not billed")
    INVOICED = "INVOICED", _("Invoiced")
    PARTIAL_PAID = "PARTIAL_PAID", _("Partially paid")
    PAID = "PAID", _("Paid")
    OVERDUE = "OVERDUE", _("Overdue")


class Priority(models.TextChoices):
    LOW = "LOW", _("Low")
    NORMAL = "NORMAL", _("Normal")
    HIGH = "HIGH", _("High")
    URGENT = "URGENT", _("Urgent")


class ContainerType(models.TextChoices):
    CONTAINER_20FT = "CONTAINER_20FT", _("20' container")
    CONTAINER_40FT = "CONTAINER_40FT", _("40' container")
    CONTAINER_40HC = "CONTAINER_40HC", _("40' high cube")
    CONTAINER_45FT = "CONTAINER_45FT", _("45' container")
    FLATBED = "FLATBED", _("Flat rack")
    TANK = "TANK", _("Tank")
    REFRIGERATED = "REFRIGERATED", _("Refrigerated")
    OPEN_TOP = "OPEN_TOP", _("Open top")


class StopCategory(models.TextChoices):
    PICKUP_EMPTY = "PICKUP_EMPTY", _("Pick up empty container")
    WAREHOUSE_LOAD = "WAREHOUSE_LOAD", _("Warehouse loading")
    PORT_DELIVERY = "PORT_DELIVERY", _("Deliver to port")
    PORT_PICKUP = "PORT_PICKUP", _("Pick up at port")
    WAREHOUSE_UNLOAD = "WAREHOUSE_UNLOAD", _("Warehouse unloading")
    RETURN_EMPTY = "RETURN_EMPTY", _("Return empty container")
    OTHER = "OTHER", _("Other")


class StopType(models.TextChoices):
    PICKUP = "PICKUP", _("Pick-up")
    DROPOFF = "DROPOFF", _("Drop-off")
    DEPOT = "DEPOT", _("Depot")
    PORT = "PORT", _("Port")


class PhotoType(models.TextChoices):
    """Kinds of photo a stop may require (reused by the POD app)."""

    CONTAINER_EXTERIOR = "CONTAINER_EXTERIOR", _("Container exterior")
    CONTAINER_INTERIOR = "CONTAINER_INTERIOR", _("Container interior")
    PORT_GATE_PASS = "PORT_GATE_PASS", _("Port gate pass")
    WAREHOUSE_GATE_PASS = "WAREHOUSE_GATE_PASS", _("Warehouse gate pass")
    WEIGHT_TICKET = "WEIGHT_TICKET", _("Weight ticket")
    OTHER = "OTHER", _("Other")


def _latitude(verbose):
    return models.DecimalField(
        verbose,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def _longitude(verbose):
    return models.DecimalField(
        verbose,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


class Shipment(PublicIdModel, TimeStampedModel):
    """One container move for a customer, made of ordered stops."""

    number = models.CharField(_("shipment number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="shipments"
    )
    shipment_type = models.CharField(
        _("shipment type"),
        max_length=20,
        blank=True,
        help_text=_("Code of the stop template (EXPORT, IMPORT, …)."),
    )
    operation_status = models.CharField(
        _("operation status"),
        max_length=12,
        choices=OperationStatus.choices,
        default=OperationStatus.DRAFT,
    )
    document_status = models.CharField(
        _("document status"),
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DOC_PENDING,
    )
    financial_status = models.CharField(
        _("financial status"),
        max_length=12,
        choices=FinancialStatus.choices,
        default=FinancialStatus.NOT_BILLED,
    )
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.NORMAL
    )
    planned_start = models.DateTimeField(_("planned start"))
    planned_end = models.DateTimeField(_("planned end"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)
    # the time of the customer's confirmation event (documents.confirm_documents), kept on the
    # row so that reading a shipment needs no subquery over its history
    documents_confirmed_at = models.DateTimeField(
        _("documents confirmed at"), null=True, blank=True, editable=False
    )
    container_number = models.CharField(
        _("container number"),
        max_length=11,
        blank=True,
        validators=[validate_container_number],
    )
    container_type = models.CharField(
        _("container type"), max_length=16, choices=ContainerType.choices, blank=True
    )
    booking_number = models.CharField(_("booking number"), max_length=50, blank=True)
    bill_of_lading = models.CharField(_("bill of lading"), max_length=50, blank=True)
    special_instructions = models.TextField(
        _("special instructions"),
        blank=True,
        max_length=MAX_INSTRUCTIONS,
        validators=[MaxLengthValidator(MAX_INSTRUCTIONS)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by_customer = models.BooleanField(_("requested by the customer"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    cancelled_reason = models.TextField(_("cancellation reason"), blank=True)
    review_status = models.CharField(
        _("review status"), max_length=8, choices=ReviewStatus.choices, blank=True
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        indexes = [
            models.Index(
                fields=["operation_status", "planned_start", "id"], name="shp_status_start"
            ),
            models.Index(fields=["customer", "planned_start", "id"], name="shp_customer_start"),
            models.Index(fields=["planned_start", "id"], name="shp_start"),
            # varchar_pattern_ops (PostgreSQL; ignored elsewhere) so the `q` prefix search
            # (LIKE 'X%') uses an index under any collation.
            models.Index(
                fields=["container_number"],
                name="shp_container",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["booking_number"], name="shp_booking", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["number"], name="shp_number_prefix", opclasses=["varchar_pattern_ops"]
            ),
            # billing: delivered shipments not yet invoiced, newest delivery first
            models.Index(
                fields=["financial_status", "-actual_end", "-id"],
                name="shp_unbilled",
                condition=models.Q(operation_status="DELIVERED"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("planned_start")),
                name="shipment_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.number or "(new shipment)"


class Stop(PublicIdModel, TimeStampedModel):
    """One stop of a shipment; `actual_arrival`/`actual_departure` are the driver's check-in/out."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="stops"
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"), validators=[MinValueValidator(1)])
    category = models.CharField(
        _("category"), max_length=16, choices=StopCategory.choices, default=StopCategory.OTHER
    )
    stop_type = models.CharField(_("stop type"), max_length=8, choices=StopType.choices)
    label = models.CharField(_("label"), max_length=255, blank=True)
    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location_name = models.CharField(_("location name"), max_length=255)
    address = models.CharField(_("address"), max_length=500, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = PhoneField(_("contact phone"), blank=True)
    planned_arrival = models.DateTimeField(_("planned arrival"))
    planned_departure = models.DateTimeField(_("planned departure"))
    actual_arrival = models.DateTimeField(_("actual arrival"), null=True, blank=True)
    actual_departure = models.DateTimeField(_("actual departure"), null=True, blank=True)
    # when the server received the check-in/out (the actual_* times are the driver's own,
    # sent as occurredAt when the phone was offline; unicon.core.clock)
    arrival_received_at = models.DateTimeField(_("check-in received at"), null=True, blank=True)
    departure_received_at = models.DateTimeField(_("check-out received at"), null=True, blank=True)
    arrival_latitude = _latitude(_("arrival latitude"))
    arrival_longitude = _longitude(_("arrival longitude"))
    departure_latitude = _latitude(_("departure latitude"))
    departure_longitude = _longitude(_("departure longitude"))
    required_photos = models.JSONField(_("required photos"), default=list, blank=True)
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        max_length=MAX_INSTRUCTIONS,
        validators=[MaxLengthValidator(MAX_INSTRUCTIONS)],
    )

    class Meta:
        ordering = ["shipment", "sequence"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "sequence"], name="stop_sequence_unique"),
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="stop_sequence_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.location_name}"


class StopTemplate(TimeStampedModel):
    """A shipment type (EXPORT, IMPORT, …) and its default stops with required photos."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9_]{1,19}$", _("Upper-case letters, digits, _."))],
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("stop template")
        verbose_name_plural = _("stop templates")

    def __str__(self) -> str:
        return self.code


class StopTemplateStop(models.Model):
    template = models.ForeignKey(
        StopTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="stops"
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"), validators=[MinValueValidator(1)])
    category = models.CharField(
        _("category"), max_length=16, choices=StopCategory.choices, default=StopCategory.OTHER
    )
    stop_type = models.CharField(_("stop type"), max_length=8, choices=StopType.choices)
    label = models.CharField(_("label"), max_length=255, blank=True)
    required_photos = models.JSONField(_("required photos"), default=list, blank=True)
    #: How long a truck usually stays at this stop: the default planned departure of a
    #: shipment's stop is its arrival + this (None: the category's usual time, `stops.py`).
    dwell_minutes = models.PositiveSmallIntegerField(
        _("usual dwell (minutes)"), null=True, blank=True, validators=[MaxValueValidator(1440)]
    )

    class Meta:
        ordering = ["template", "sequence"]
        verbose_name = _("template stop")
        verbose_name_plural = _("template stops")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "sequence"], name="template_stop_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_id}#{self.sequence}"


class CustomerStopTemplateOverride(TimeStampedModel):
    """A customer's own list of required photos for one template stop."""

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="stop_template_overrides",
    )
    template_stop = models.ForeignKey(
        StopTemplateStop,
        verbose_name=_("template stop"),
        on_delete=models.CASCADE,
        related_name="overrides",
    )
    required_photos = models.JSONField(_("required photos"), default=list, blank=True)

    class Meta:
        verbose_name = _("customer stop template override")
        verbose_name_plural = _("customer stop template overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "template_stop"], name="customer_template_stop_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}/{self.template_stop_id}"


class EventKind(models.TextChoices):
    OPERATION_STATUS = "OPERATION_STATUS", _("Operation status")
    DOCUMENT_STATUS = "DOCUMENT_STATUS", _("Document status")
    FINANCIAL_STATUS = "FINANCIAL_STATUS", _("Financial status")
    ASSIGNMENT = "ASSIGNMENT", _("Assignment")
    CHECK_IN = "CHECK_IN", _("Check-in")
    CHECK_OUT = "CHECK_OUT", _("Check-out")
    NOTE = "NOTE", _("Note")
    EDIT = "EDIT", _("Edit")
    FILE = "FILE", _("Photos and documents")


class ShipmentEvent(PublicIdModel):
    """Append-only history of a shipment: status changes, assignments, check-ins, notes."""

    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stop = models.ForeignKey(
        Stop,
        verbose_name=_("stop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # when it happened, if the person acted earlier than the server heard of it (offline)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    latitude = _latitude(_("latitude"))
    longitude = _longitude(_("longitude"))
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("shipment event")
        verbose_name_plural = _("shipment events")
        indexes = [models.Index(fields=["shipment", "created_at", "id"], name="shp_event_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_status}→{self.to_status}"

    @property
    def acted_at(self):
        """When it happened: `occurred_at` when the phone sent it, else when it was recorded."""
        return self.occurred_at or self.created_at

    @property
    def is_late(self) -> bool:
        """Recorded long after it happened (see `unicon.core.clock.is_late`)."""
        return is_late(self.occurred_at, self.created_at)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Shipment events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Shipment events are append-only")


class NumberSequence(models.Model):
    """A database counter per name (e.g. "SHP-2026"), incremented under a row lock."""

    name = models.CharField(_("name"), max_length=30, unique=True)
    last_value = models.PositiveBigIntegerField(_("last value"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.name}={self.last_value}"
