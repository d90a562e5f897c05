"""Account e-mails: the invitation of a new user and the password-reset link."""

from datetime import datetime

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from unicon.accounts.models import User


def is_invitation(user: User) -> bool:
    """A user who never had a password and never logged in is being invited, not reset."""
    return user.last_login is None and not user.has_usable_password()


def send_reset_email(user: User, link: str, expires: datetime) -> None:
    """E-mail `link` (to set a password, valid until `expires`): worded as an invitation for
    a new user (`is_invitation`), as a reset otherwise."""
    kind = "invitation" if is_invitation(user) else "password_reset"
    context = {"user": user, "link": link, "expires": timezone.localtime(expires)}
    subject = render_to_string(f"accounts/email/{kind}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{kind}_body.txt", context)
    send_mail(subject, body, None, [user.email])
