"""Hooks other apps plug into the driver flow.

`stop_check_out_requested` is sent inside the check-out transaction, after the stop-order
checks and before the stop's departure is written, with keyword arguments `stop`
(`shipments.Stop`, row-locked) and `task` (`dispatch.DriverTask`) and `actor` (the user).
A receiver that raises `unicon.core.errors.Conflict` (or any `ServiceError`) refuses the
check-out: nothing is written and the caller gets that error. The POD app uses it to
require the stop's photos and to lock them.

    from django.dispatch import receiver
    from unicon.dispatch.signals import stop_check_out_requested

    @receiver(stop_check_out_requested)
    def require_photos(sender, stop, task, **kwargs):
        if missing := missing_photos(stop):
            raise Conflict(_("Photos missing: %s") % ", ".join(missing))
"""

from django.dispatch import Signal

stop_check_out_requested = Signal()
