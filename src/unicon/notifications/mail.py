"""The e-mail channel: one message per notification, in the recipient's language, HTML and
text, with a one-click unsubscribe link for that event type (RFC 8058 headers)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from unicon.notifications import catalogue, services
from unicon.notifications.delivery import DeliveryFailed
from unicon.notifications.models import EmailDelivery


def build_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The message for `delivery` (its Message-ID is fixed, so a resend is recognisable)."""
    notification = delivery.notification
    user, event = notification.user, notification.event
    language = services.language_of(user)
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
    return message


def send(delivery: EmailDelivery) -> None:
    """Hand the message to Django's mail backend (EMAIL_URL); DeliveryFailed if refused."""
    if not delivery.notification.user.is_active:
        raise DeliveryFailed("recipient deactivated", retry=False)
    try:
        build_message(delivery).send(fail_silently=False)
    except OSError as exc:  # smtplib errors are OSErrors: connection, refusal, timeout
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
