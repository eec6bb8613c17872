"""Every user has its sort key now (0003): require it and index it for the lists."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_sort_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="sort_name",
            field=models.TextField(db_index=True, editable=False),
        ),
    ]
