"""The weight of a weighted average stored beside its value (khth.reports.weights), filled for
the values already stored from each report's own regulation version."""

from typing import Any

from django.db import migrations, models
from django.db.models import Case, OuterRef, Subquery, Value, When


def fill(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("regulations", "RegulationVersion")
    value_model = apps.get_model("reports", "IndicatorValue")
    column = value_model._meta.get_field("weight")
    for version_id, content in version_model.objects.values_list("pk", "content"):
        for template in content.get("report_templates", []):
            for indicator in template.get("indicators", []):
                if indicator.get("aggregation") != "weighted_average":
                    continue
                weight: Any = Value(1)
                if indicator.get("weight_indicator"):
                    found = value_model.objects.filter(
                        report_id=OuterRef("report_id"),
                        indicator_code=indicator["weight_indicator"],
                    )
                    weight = Subquery(found.values("number")[:1])
                value_model.objects.filter(
                    report__regulation_id=version_id,
                    report__template_code=template["code"],
                    indicator_code=indicator["code"],
                    number__isnull=False,
                ).update(weight=Case(When(number__isnull=False, then=weight), output_field=column))


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0002_version_per_code_and_base"),
        ("reports", "0003_sectiontext_prefilled"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorvalue",
            name="weight",
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
