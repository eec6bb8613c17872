# A version's content moves to a table of its own (models.RegulationContent says why), copied
# row by row before the column is dropped, in the migration's one transaction.

import django.db.models.deletion
from django.db import migrations, models


def copy_content(apps, schema_editor):
    versions = apps.get_model("regulations", "RegulationVersion")
    contents = apps.get_model("regulations", "RegulationContent")
    for pk, content in versions.objects.values_list("pk", "content").iterator():
        contents.objects.create(version_id=pk, content=content)


def copy_back(apps, schema_editor):
    versions = apps.get_model("regulations", "RegulationVersion")
    contents = apps.get_model("regulations", "RegulationContent")
    for pk, content in contents.objects.values_list("version_id", "content").iterator():
        versions.objects.filter(pk=pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0002_version_per_code_and_base"),
        # reports.0004 reads the content where it was: it runs first.
        ("reports", "0004_indicatorvalue_weight"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegulationContent",
            fields=[
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="regulations.regulationversion",
                    ),
                ),
                ("content", models.JSONField()),
            ],
        ),
        # Nullable for the way back: the reverse adds the column again, empty, copies into it,
        # and only then makes it required.
        migrations.AlterField(
            model_name="regulationversion", name="content", field=models.JSONField(null=True)
        ),
        migrations.RunPython(copy_content, copy_back),
        migrations.RemoveField(model_name="regulationversion", name="content"),
    ]
