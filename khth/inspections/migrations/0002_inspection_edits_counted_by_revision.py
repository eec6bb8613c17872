"""Count the edits of an inspection's plan and conclusion, so that an edit made on an older
revision is refused (khth.lib.models.Revised).

``updated_at`` is added empty, filled with when the inspection was planned, then required; the
foreign key comes last, after every row was updated, because PostgreSQL refuses to alter a table
that has deferred constraint checks pending in the same transaction."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_updated_at(apps, schema_editor):
    apps.get_model("inspections", "Inspection").objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0001_inspections_findings_remedies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="inspection",
            name="updated_at",
            field=models.DateTimeField(null=True),
        ),
        # Reversed, the column goes: nothing to undo.
        migrations.RunPython(fill_updated_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="inspection",
            name="updated_at",
            field=models.DateTimeField(),
        ),
        migrations.AddField(
            model_name="inspection",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="inspection",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
