import logging

from unicon.core import context


class RequestContextFilter(logging.Filter):
    """Adds the current request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id or "-"
        return True


class ServerErrorsOnly(logging.Filter):
    """For Django's `django.request` logger: keep the 5xx answers (with their traceback) and
    drop the 4xx ones (403 refusals, 404s). Those are expected answers, each already recorded
    once, in one line without a traceback, by the request line (`unicon.request`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return status is None or status >= 500
