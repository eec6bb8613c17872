# The URL-safe rule of khth.lib.identifiers on the field: state only, the column is unchanged.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_unit_tree_placements_memberships'),
    ]

    operations = [
        migrations.AlterField(
            model_name='unit',
            name='code',
            field=models.CharField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('\\A[A-Za-z0-9][A-Za-z0-9._-]*\\Z', code='invalid', message='chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới, bắt đầu bằng chữ hoặc số')]),
        ),
    ]
