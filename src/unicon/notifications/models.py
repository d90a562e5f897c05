"""The outbox and what it fans out to: in-app notifications, e-mails, webhook deliveries.

An `Event` is written in the same transaction as the business change that causes it, with one
`Notification` per recipient, one `EmailDelivery` per recipient who wants e-mail and one
`WebhookDelivery` per matching endpoint. The worker sends the deliveries after the commit; a
delivery is claimed before it is sent (see `unicon.notifications.delivery`), so a retried or
duplicated task never sends it twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unicon.core.models import PublicIdModel, TimeStampedModel
from unicon.customers.models import Customer


class Channel(models.TextChoices):
    """Ways a user hears about an event; SMS/Zalo would be one more value and one sender."""

    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("E-mail")


class Event(PublicIdModel):
    """One business event (the outbox row)."""

    type = models.CharField(_("event type"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.UUIDField(_("object id"), null=True, blank=True)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.type} {self.object_type}:{self.object_id}"


class Notification(PublicIdModel):
    """An in-app notification: one event seen by one user."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    type = models.CharField(_("event type"), max_length=64)
    #: False when the user wants this event by e-mail only (the row then only carries it).
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notif_user_time"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True, in_app=True),
                name="notif_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.user_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", _("Waiting")
    SENDING = "SENDING", _("Sending")
    SENT = "SENT", _("Delivered")
    FAILED = "FAILED", _("Failed")


class Delivery(models.Model):
    """State shared by every outbound channel: claimed before sending, retried on a schedule."""

    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    #: fields a sender sets besides the state, saved with it
    result_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class EmailDelivery(Delivery):
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email"
    )

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return f"e-mail {self.notification_id} {self.status}"


class UserSettings(models.Model):
    """A user's language for e-mails (the pages follow the language menu)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Preference(models.Model):
    """A user's choice for one event type and channel (absent: the event type's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event_type = models.CharField(max_length=64)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    enabled = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_type", "channel"], name="preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event_type}/{self.channel}={self.enabled}"


class WebhookEndpoint(PublicIdModel, TimeStampedModel):
    """An HTTPS address that receives signed events (Standard Webhooks)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        help_text=_("Set for a customer's endpoint: only that company's shipment events."),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(Delivery, PublicIdModel):
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    result_fields = ("response_code", "duration_ms")

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due"),
            models.Index(fields=["endpoint", "-id"], name="webhook_log"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint_id} {self.event_id} {self.status}"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery (the delivery log)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    attempt = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "attempt"]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.attempt} {self.response_code or self.error}"
