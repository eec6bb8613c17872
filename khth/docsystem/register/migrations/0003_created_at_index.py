# The search index reads the rows stamped since its watermark (khth/search/index.py): an index
# on the stamp keeps that read to the recent rows, however many the table holds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("register", "0002_links_inspection_and_rooms_above")]

    operations = [
        migrations.AddIndex(
            model_name="registereddocument",
            index=models.Index(fields=["created_at"], name="registered_created_at"),
        ),
    ]
