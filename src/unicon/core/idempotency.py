"""Safe retries: a POST sent again with the same `Idempotency-Key` is answered once.

A phone on a flaky network repeats requests whose answer it never got. Any POST (API or page)
that carries `Idempotency-Key: <1-255 visible characters>` from a logged-in client is
handled like this (IETF draft "The Idempotency-Key HTTP Header Field"):

- first time: the request runs; a 2xx/3xx answer is kept (status, body, `Location`);
  an error answer or an exception is not kept, so the client may retry with the same key;
- same key, same request (method, path, query and body — for multipart uploads the fields
  and each file's name and SHA-256, not the random boundary): the kept answer is sent again
  with `Idempotent-Replayed: true`, and nothing is created;
- same key, another request: 422 `VALIDATION_ERROR` (`details.idempotencyKey`);
- same key while the first request is still running: 409 `CONFLICT` with `Retry-After: 1`.

Keys are private to the credential that sent them (bearer token or session); answers are
kept `IDEMPOTENCY_KEEP_HOURS` (24 h) and replayed only while that credential is still valid.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from unicon.core.errors import error_body
from unicon.core.limits import body_readable
from unicon.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")
CHUNK = 1024 * 1024


def _principal(request: HttpRequest) -> str | None:
    """A digest of the still-valid credential of the request, or None (anonymous)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        from unicon.accounts.services import resolve_api_token

        if resolve_api_token(token.strip()) is None:
            return None
        credential = "token:" + token.strip()
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        credential = "session:" + (request.session.session_key or "")
    else:
        return None
    return hashlib.sha256(credential.encode()).hexdigest()


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.content_type == "multipart/form-data":
        for name in sorted(request.POST):
            digest.update(repr((name, request.POST.getlist(name))).encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(repr((name, upload.name, _file_digest(upload))).encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _error(status: int, code: str, message: str, details=None) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=status)


def _keep() -> timedelta:
    return timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)


def purge_expired() -> int:
    """Delete kept answers older than `IDEMPOTENCY_KEEP_HOURS`; returns how many rows went.

    Such a record is never replayed again (`_claim` treats it as absent), so deleting it
    changes no answer; the worker's `purge-idempotency-keys` job keeps the table small.
    """
    deleted, _by_model = IdempotencyRecord.objects.filter(
        created_at__lt=timezone.now() - _keep()
    ).delete()
    return deleted


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status)
    if record.content_type:
        response["Content-Type"] = record.content_type
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _claim(principal: str, key: str, fingerprint: str) -> IdempotencyRecord | HttpResponse:
    """Our own new pending record, or the answer owed to a repeated key."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                principal=principal, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        pass
    found = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
    if found is None:  # the first request failed and let go of the key meanwhile
        return _claim(principal, key, fingerprint)
    if found.created_at < timezone.now() - _keep():
        found.delete()
        return _claim(principal, key, fingerprint)
    if found.fingerprint != fingerprint:
        return _error(
            422,
            "VALIDATION_ERROR",
            "This Idempotency-Key was already used for a different request.",
            {"idempotencyKey": ["used for a different request"]},
        )
    if found.status is None:
        response = _error(
            409, "CONFLICT", "The first request with this Idempotency-Key is still running."
        )
        response["Retry-After"] = "1"
        return response
    return _replay(found)


class IdempotencyMiddleware:
    """Answer a repeated POST with the kept answer of the first (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return self.get_response(request)
        if not VALID_KEY.fullmatch(key):
            return _error(
                400,
                "VALIDATION_ERROR",
                "Idempotency-Key must be 1-255 visible ASCII characters.",
                {"idempotencyKey": ["invalid"]},
            )
        principal = _principal(request)
        if principal is None or not body_readable(request):
            return self.get_response(request)
        try:
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:  # the view answers 413 for it
            return self.get_response(request)
        claimed = _claim(principal, key, fingerprint)
        if isinstance(claimed, HttpResponse):
            return claimed
        try:
            response = self.get_response(request)
        except BaseException:
            claimed.delete()
            raise
        if response.status_code >= 400 or response.streaming:
            claimed.delete()
            return response
        claimed.status = response.status_code
        claimed.content_type = response.get("Content-Type", "")
        claimed.location = response.get("Location", "")
        claimed.body = response.content
        claimed.save(update_fields=["status", "content_type", "location", "body"])
        return response
