"""Give people a Vietnamese sort key (khth.lib.vietnamese.person_sort_key of ``full_name``), so that
lists ORDER BY it in the same order on SQLite and PostgreSQL. The column is added empty and filled
here; 0004 makes it required, in a transaction of its own."""

from django.db import migrations, models

from khth.lib.vietnamese import person_sort_key

BATCH = 500


def fill_sort_name(apps, schema_editor):
    model = apps.get_model("accounts", "User")
    rows = list(model.objects.only("pk", "full_name"))
    for row in rows:
        row.sort_name = person_sort_key(row.full_name)
    model.objects.bulk_update(rows, ["sort_name"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_username_url_safe"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sort_name",
            field=models.TextField(null=True, editable=False),
        ),
        # Reversed, the column goes: nothing to undo.
        migrations.RunPython(fill_sort_name, migrations.RunPython.noop),
    ]
