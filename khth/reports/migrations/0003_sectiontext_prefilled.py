from django.db import migrations, models


class Migration(migrations.Migration):
    # Texts prefilled before this column existed cannot be told from written ones: they stay
    # counted as written (False), as they were.
    dependencies = [
        ("reports", "0002_report_late_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="sectiontext",
            name="prefilled",
            field=models.BooleanField(default=False),
        ),
    ]
