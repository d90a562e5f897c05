"""Seed the EXPORT and IMPORT stop templates with DOMAIN.md Part B §4.2's required photos."""

from django.db import migrations

TEMPLATES = {
    "EXPORT": (
        "Export",
        [
            (1, "PICKUP_EMPTY", "DEPOT", "Pick up empty container",
             ["CONTAINER_EXTERIOR", "CONTAINER_INTERIOR", "PORT_GATE_PASS"]),
            (2, "WAREHOUSE_LOAD", "PICKUP", "Warehouse loading",
             ["WAREHOUSE_GATE_PASS", "WEIGHT_TICKET"]),
            (3, "PORT_DELIVERY", "PORT", "Deliver to port", ["PORT_GATE_PASS"]),
        ],
    ),
    "IMPORT": (
        "Import",
        [
            (1, "PORT_PICKUP", "PORT", "Pick up container at port", ["PORT_GATE_PASS"]),
            (2, "WAREHOUSE_UNLOAD", "DROPOFF", "Warehouse unloading",
             ["WAREHOUSE_GATE_PASS", "WEIGHT_TICKET"]),
            (3, "RETURN_EMPTY", "DEPOT", "Return empty container",
             ["PORT_GATE_PASS", "CONTAINER_EXTERIOR", "CONTAINER_INTERIOR"]),
        ],
    ),
}


def seed(apps, schema_editor):
    StopTemplate = apps.get_model("shipments", "StopTemplate")
    StopTemplateStop = apps.get_model("shipments", "StopTemplateStop")
    for code, (name, stops) in TEMPLATES.items():
        template, _ = StopTemplate.objects.get_or_create(code=code, defaults={"name": name})
        for sequence, category, stop_type, label, photos in stops:
            StopTemplateStop.objects.get_or_create(
                template=template,
                sequence=sequence,
                defaults={
                    "category": category,
                    "stop_type": stop_type,
                    "label": label,
                    "required_photos": photos,
                },
            )


def unseed(apps, schema_editor):
    StopTemplate = apps.get_model("shipments", "StopTemplate")
    StopTemplate.objects.filter(code__in=TEMPLATES).delete()


class Migration(migrations.Migration):
    dependencies = [("shipments", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
