import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    """The bound of a task's instructions (2000 characters) on the model, where the pages and
    the API read it. A text column has no length in the database, so this changes the
    migration state only (SQLite would otherwise rebuild the whole task table for nothing)."""

    dependencies = [
        ("dispatch", "0004_task_tractor_end_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="drivertask",
                    name="instructions",
                    field=models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="instructions",
                    ),
                ),
            ]
        ),
    ]
