"""`unicon seed-demo` adds documents and a correction through the POD services."""

import io

from django.core.management import call_command

from unicon.pods.models import PodFile, ShipmentDocument


def test_seed_demo_adds_pods_documents_and_a_correction(_media):
    call_command("seed_demo", stdout=io.StringIO())
    assert PodFile.objects.filter(locked_at__isnull=False).exists()
    assert ShipmentDocument.objects.filter(verified_at__isnull=False).exists()
    assert ShipmentDocument.objects.filter(verified_at__isnull=True).exists()
    correction = PodFile.objects.exclude(replaces=None).get()
    assert correction.replaces.storage_key != correction.storage_key
    for pod in PodFile.objects.all():
        assert (_media / pod.storage_key).exists()
