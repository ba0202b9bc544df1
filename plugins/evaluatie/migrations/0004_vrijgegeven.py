"""Responses are released k at a time (services.release); those already stored were on show."""

from django.db import migrations, models


def release_existing(apps, schema_editor):
    for name in ("Reactie", "Antwoord"):
        apps.get_model("evaluatie", name).objects.update(vrijgegeven=True)


class Migration(migrations.Migration):
    dependencies = [("evaluatie", "0003_antwoord_copies")]

    operations = [
        migrations.AddField(model_name="reactie", name="vrijgegeven", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="antwoord", name="vrijgegeven", field=models.BooleanField(default=False)),
        migrations.RunPython(release_existing, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="reactie",
            index=models.Index(fields=["formulier", "vrijgegeven"], name="evaluatie_reactie_wacht"),
        ),
        migrations.RemoveIndex(model_name="antwoord", name="evaluatie_antwoord_telling"),
        migrations.AddIndex(
            model_name="antwoord",
            index=models.Index(
                fields=[
                    "formulier",
                    "vraag",
                    "waarde",
                    "maand",
                    "taal",
                    "doelgroep",
                    "onderwerp",
                    "vrijgegeven",
                    "reactie",
                ],
                name="evaluatie_antwoord_telling",
            ),
        ),
    ]
