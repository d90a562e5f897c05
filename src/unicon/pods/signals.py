"""Hooks other apps (notifications, later) plug into.

`pod_uploaded` is sent inside the upload transaction, after the row is written, with keyword
arguments `pod` (`PodFile`) and `actor` (the user); a notifications app can tell the
customer's users "photos uploaded for shipment X" in the same transaction.
`document_uploaded` likewise with `document` and `actor`.
"""

from django.dispatch import Signal

pod_uploaded = Signal()
document_uploaded = Signal()
