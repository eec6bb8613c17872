# The search index reads the rows stamped since its watermark (khth/search/index.py): an index
# on the stamp keeps that read to the recent rows, however many the table holds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_indicatorvalue_covering_index")]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["updated_at"], name="report_updated_at"),
        ),
    ]
