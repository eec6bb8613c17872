"""Every partner has its sort key now (0003): require it and index it for the lists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0003_partner_sort_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="sort_name",
            field=models.TextField(db_index=True, editable=False),
        ),
    ]
