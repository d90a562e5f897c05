"""Account e-mails sent by the worker (`unicon.jobs`)."""

from unicon.jobs import task


@task(retries=5, retry_delay=30)
def send_reset_email(user_id: int) -> None:
    """E-mail a fresh password-reset link to an active user (built when sent, so a link that
    waited in the queue is not already half-expired). 30 s, 1, 2, 4, 8 min between retries."""
    from unicon.accounts import services
    from unicon.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        services.deliver_reset_link(user)
