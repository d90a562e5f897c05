"""Uploaded workbooks move from the database (`ImportRun.content`, a BinaryField) to the
file storage (`ImportRun.file_key`): every kept upload is written under
`imports/<yyyy>/<mm>/` before the column is dropped (and read back on reversal). Export jobs
get `rows_total` (their progress bar's 100 %)."""

from django.db import migrations, models


def to_storage(apps, schema_editor):
    from unicon.pods import storage

    for run in apps.get_model("dataio", "ImportRun").objects.exclude(content=b""):
        if run.content:
            key = storage.new_key("imports", "xlsx")
            run.file_key = storage.write(storage.primary(), key, bytes(run.content))
            run.save(update_fields=["file_key"])


def to_database(apps, schema_editor):
    from unicon.pods import storage

    for run in apps.get_model("dataio", "ImportRun").objects.exclude(file_key=""):
        try:
            run.content = storage.read(storage.primary(), run.file_key)
        except FileNotFoundError:
            continue
        run.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("dataio", "0003_background_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="file_key",
            field=models.CharField(blank=True, max_length=300, verbose_name="workbook file"),
        ),
        migrations.RunPython(to_storage, to_database),
        migrations.RemoveField(
            model_name="importrun",
            name="content",
        ),
        migrations.AddField(
            model_name="exportjob",
            name="rows_total",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="rows in all"),
        ),
    ]
