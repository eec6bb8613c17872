# The search index reads the rows stamped since its watermark (khth/search/index.py): an index
# on the stamp keeps that read to the recent rows, however many the table holds.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("records", "0001_books_typed_documents")]

    operations = [
        migrations.AddIndex(
            model_name="bookentry",
            index=models.Index(fields=["created_at"], name="bookentry_created_at"),
        ),
        migrations.AddIndex(
            model_name="typeddocument",
            index=models.Index(fields=["updated_at"], name="typeddocument_updated_at"),
        ),
    ]
