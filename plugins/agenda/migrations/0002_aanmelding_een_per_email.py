import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("agenda", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="aanmelding",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("bijeenkomst"),
                condition=models.Q(("anonymised_at__isnull", True), ("status__in", ["bevestigd", "wachtlijst"])),
                name="agenda_aanmelding_een_per_email",
            ),
        ),
    ]
