from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_reports_requests_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="late_reason",
            field=models.TextField(blank=True, default=""),
        ),
    ]
