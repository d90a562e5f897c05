"""Shipment.documents_confirmed_at: the time of the customer's documents confirmation, copied
from the first NOTE event with `data.confirmed_documents` (issue 20: the detail read no longer
looks it up in the history)."""

from django.db import migrations, models
from django.db.models import Min


def copy_confirmations(apps, schema_editor):
    Shipment = apps.get_model("shipments", "Shipment")
    ShipmentEvent = apps.get_model("shipments", "ShipmentEvent")
    confirmations = (
        ShipmentEvent.objects.filter(kind="NOTE", data__confirmed_documents=True)
        .values("shipment_id")
        .annotate(first=Min("created_at"))
    )
    for row in confirmations.iterator():
        Shipment.objects.filter(pk=row["shipment_id"]).update(documents_confirmed_at=row["first"])


class Migration(migrations.Migration):
    dependencies = [
        ("shipments", "0009_issue13_file_events_template_dwell"),
    ]

    operations = [
        migrations.AddField(
            model_name="shipment",
            name="documents_confirmed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="documents confirmed at"
            ),
        ),
        migrations.RunPython(copy_confirmations, migrations.RunPython.noop),
    ]
