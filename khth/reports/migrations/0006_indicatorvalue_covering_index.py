# The value index made covering (docs/performance.md): built before the old one is dropped.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_report_unit_path"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                fields=["indicator_code", "report", "number", "weight", "flag"],
                name="value_by_indicator",
            ),
        ),
        migrations.RemoveIndex(
            model_name="indicatorvalue",
            name="reports_ind_indicat_bd24c5_idx",
        ),
    ]
