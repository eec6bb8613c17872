"""The report carries its unit's path, so that the report list reads in order from an index
(khth.reports.models.Report.unit_path); filled for the reports already stored."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps: Any, schema_editor: Any) -> None:
    unit_model = apps.get_model("units", "Unit")
    report_model = apps.get_model("reports", "Report")
    path = unit_model.objects.filter(pk=OuterRef("unit_id")).values("path")[:1]
    report_model.objects.update(unit_path=Subquery(path))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_indicatorvalue_weight"),
        ("units", "0006_unit_type_and_regulation_scopes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="unit_path",
            field=models.CharField(default="", max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterModelOptions(
            name="report",
            options={"ordering": ["-period_start", "unit_path", "template_code"]},
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                models.OrderBy(models.F("period_start"), descending=True),
                models.F("unit_path"),
                models.F("template_code"),
                name="report_list_order",
            ),
        ),
    ]
