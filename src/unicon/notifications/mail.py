"""The e-mail channel: one message per notification, in the recipient's language, HTML and
text, with a one-click unsubscribe link for that event type (RFC 8058 headers)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from unicon.notifications import catalogue, services
from unicon.notifications.delivery import DeliveryFailed, Outcomes
from unicon.notifications.models import EmailDelivery


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The message for `delivery` (its Message-ID is fixed, so a resend is recognisable)."""
    notification = delivery.notification
    user, event = notification.user, notification.event
    language = services.language_of(user)  # read from the loaded settings row
    kind = catalogue.get(event.type)
    token = services.unsubscribe_token(user, event.type)
    unsubscribe = settings.SITE_URL + reverse("notifications-unsubscribe", args=[token])
    with translation.override(language):
        context = {
            "user": user,
            "title": services.title(event, language),
            "label": str(kind.label),
            "link": settings.SITE_URL + services.link(user, event),
            "unsubscribe": unsubscribe,
            "language": language,
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string("notifications/email/message.html", context)
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "unicon.local"
    message = EmailMultiAlternatives(
        subject=context["title"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": f"<notification-{notification.public_id}@{domain}>",
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in catalogue.attachments(event):
        message.attach(name, content, mimetype)
    return message


#: What `build_message` reads, loaded with the claimed deliveries in one query.
RELATED = ("notification__user__notification_settings", "notification__event")


def send_many(deliveries: list[EmailDelivery]) -> Outcomes:
    """Hand the messages to Django's mail backend (EMAIL_URL) over one connection; yields
    (delivery, None) when the server accepted it, else (delivery, DeliveryFailed)."""
    if not deliveries:
        return
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except OSError as exc:  # smtplib errors are OSErrors: connection, refusal, timeout
        for delivery in deliveries:
            yield delivery, DeliveryFailed(f"{type(exc).__name__}: {exc}")
        return
    try:
        for delivery in deliveries:
            if not delivery.notification.user.is_active:
                yield delivery, DeliveryFailed("recipient deactivated", retry=False)
                continue
            try:
                connection.send_messages([build_message(delivery)])
            except OSError as exc:
                yield delivery, DeliveryFailed(f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # a template or data error: reported, retried later
                yield delivery, exc
            else:
                yield delivery, None
    finally:
        connection.close()
