"""A random token drawn at every bump of the public generation (a rolled-back number is reused)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_publicgeneration")]

    operations = [
        migrations.AddField(
            model_name="publicgeneration", name="token", field=models.CharField(default="", max_length=32),
        ),
    ]
