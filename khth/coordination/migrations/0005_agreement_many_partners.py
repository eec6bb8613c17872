"""One agreement, several partners (seed 003: the Cục Chính trị of a military region and the Ban
Tổ chức Tỉnh ủy of six provinces under one quy chế phối hợp).

The agreement gets its own unit (the partner's unit, which owned it until now) and a set of
partners holding its one partner. Reversed, an agreement keeps its first partner (lowest id):
the others are dropped, as the old schema has room for one only.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def to_many(apps: Any, schema_editor: Any) -> None:
    Agreement = apps.get_model("coordination", "Agreement")
    for agreement in Agreement.objects.select_related("partner").order_by("pk"):
        agreement.unit_id = agreement.partner.unit_id
        agreement.save(update_fields=["unit"])
        agreement.partners_new.add(agreement.partner_id)


def to_one(apps: Any, schema_editor: Any) -> None:
    Agreement = apps.get_model("coordination", "Agreement")
    for agreement in Agreement.objects.order_by("pk"):
        first = agreement.partners_new.order_by("pk").first()
        if first is None:
            raise RuntimeError(f"Agreement {agreement.pk} has no partner: cannot go back")
        agreement.partner_id = first.pk
        agreement.save(update_fields=["partner"])


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0004_partner_sort_name_required"),
        ("units", "0004_unit_sort_name_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="coordination_agreements",
                to="units.unit",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="partners_new",
            field=models.ManyToManyField(related_name="+", to="coordination.partner"),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="partner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="agreements",
                to="coordination.partner",
            ),
        ),
        migrations.RunPython(to_many, to_one),
        migrations.RemoveField(model_name="agreement", name="partner"),
        migrations.RenameField(model_name="agreement", old_name="partners_new", new_name="partners"),
        migrations.AlterField(
            model_name="agreement",
            name="partners",
            field=models.ManyToManyField(related_name="agreements", to="coordination.partner"),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="coordination_agreements",
                to="units.unit",
            ),
        ),
    ]
