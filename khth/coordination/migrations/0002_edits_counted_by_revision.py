"""Count the edits of partners, agreements, exchange reports and joint activities, so that an
edit made on an older revision is refused (khth.lib.models.Revised).

``updated_at`` is added empty, filled with when the row was made, then required; the foreign key
comes last, after every row was updated, because PostgreSQL refuses to alter a table that has
deferred constraint checks pending in the same transaction."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Model → the field that says when its row was made.
MADE_AT = {
    "Partner": "created_at",
    "Agreement": "created_at",
    "ExchangeReport": "generated_at",
    "JointActivity": "created_at",
}


def fill_updated_at(apps, schema_editor):
    for name, made_at in MADE_AT.items():
        apps.get_model("coordination", name).objects.update(updated_at=models.F(made_at))


class Migration(migrations.Migration):

    dependencies = [
        ("coordination", "0001_partners_agreements_exchanges"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="updated_at",
                field=models.DateTimeField(null=True),
            )
            for name in MADE_AT
        ),
        # Reversed, the column goes: nothing to undo.
        migrations.RunPython(fill_updated_at, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name.lower(),
                name="updated_at",
                field=models.DateTimeField(),
            )
            for name in MADE_AT
        ),
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="revision",
                field=models.PositiveIntegerField(default=1),
            )
            for name in MADE_AT
        ),
        *(
            migrations.AddField(
                model_name=name.lower(),
                name="updated_by",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for name in MADE_AT
        ),
    ]
