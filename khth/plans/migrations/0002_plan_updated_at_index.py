# The search index reads the rows stamped since its watermark (khth/search/index.py): an index
# on the stamp keeps that read to the recent rows, however many the table holds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_targets_tasks_schedules")]

    operations = [
        migrations.AddIndex(
            model_name="plan",
            index=models.Index(fields=["updated_at"], name="plan_updated_at"),
        ),
    ]
