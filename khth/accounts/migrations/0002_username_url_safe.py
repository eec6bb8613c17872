# The URL-safe rule of khth.lib.identifiers on the field: state only, the column is unchanged.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_users_tokens_login_failures'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='username',
            field=models.CharField(max_length=150, unique=True, validators=[django.core.validators.RegexValidator('\\A[A-Za-z0-9][A-Za-z0-9._-]*\\Z', code='invalid', message='chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới, bắt đầu bằng chữ hoặc số')]),
        ),
    ]
