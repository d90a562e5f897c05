"""Read-only views of the outbox for ADMIN (changes go through the services and the API)."""

from django.contrib import admin

from unicon.core.admin import ReadOnlyAdmin
from unicon.notifications.models import EmailDelivery, Event, WebhookDelivery, WebhookEndpoint


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["type", "object_type", "object_id", "customer", "created_at"]
    list_filter = ["type"]
    exclude = ["payload"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["notification", "status", "attempts", "next_attempt_at", "delivered_at"]
    list_filter = ["status"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "owner", "customer", "is_active", "consecutive_failures"]
    exclude = ["secret", "previous_secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["endpoint", "event", "status", "attempts", "response_code", "duration_ms"]
    list_filter = ["status"]
