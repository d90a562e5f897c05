from datetime import datetime

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from unicon.accounts.models import User


def send_reset_email(user: User, link: str, expires: datetime) -> None:
    context = {"user": user, "link": link, "expires": timezone.localtime(expires)}
    subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
    body = render_to_string("accounts/email/password_reset_body.txt", context)
    send_mail(subject, body, None, [user.email])
