"""Give units a Vietnamese sort key (khth.lib.vietnamese.sort_key of ``name``), so that
lists ORDER BY it in the same order on SQLite and PostgreSQL. The column is added empty and filled
here; 0004 makes it required, in a transaction of its own."""

from django.db import migrations, models

from khth.lib.vietnamese import sort_key

BATCH = 500


def fill_sort_name(apps, schema_editor):
    model = apps.get_model("units", "Unit")
    rows = list(model.objects.only("pk", "name"))
    for row in rows:
        row.sort_name = sort_key(row.name)
    model.objects.bulk_update(rows, ["sort_name"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_unit_code_url_safe"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="sort_name",
            field=models.TextField(null=True, editable=False),
        ),
        # Reversed, the column goes: nothing to undo.
        migrations.RunPython(fill_sort_name, migrations.RunPython.noop),
    ]
