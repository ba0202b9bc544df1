"""Answers copy their response's month, language, audience and subject (models.Antwoord), in one index."""

import datetime

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

COPIED = ("maand", "taal", "doelgroep", "onderwerp")


def copy_from_responses(apps, schema_editor):
    Antwoord = apps.get_model("evaluatie", "Antwoord")
    Reactie = apps.get_model("evaluatie", "Reactie")
    response = Reactie.objects.filter(pk=OuterRef("reactie_id"))
    Antwoord.objects.update(**{name: Subquery(response.values(name)[:1]) for name in COPIED})


class Migration(migrations.Migration):
    dependencies = [("evaluatie", "0002_uitnodigen_na_bijeenkomst")]

    operations = [
        migrations.AddField(
            model_name="antwoord",
            name="maand",
            field=models.DateField(default=datetime.date(2000, 1, 1)),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="antwoord", name="taal", field=models.CharField(default="", max_length=10), preserve_default=False
        ),
        migrations.AddField(
            model_name="antwoord",
            name="doelgroep",
            field=models.CharField(default="", max_length=20),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="antwoord", name="onderwerp", field=models.CharField(blank=True, max_length=100)
        ),
        migrations.RunPython(copy_from_responses, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="antwoord", name="evaluatie_a_formuli_c68a9e_idx"),
        migrations.AddIndex(
            model_name="antwoord",
            index=models.Index(
                fields=["formulier", "vraag", "waarde", "maand", "taal", "doelgroep", "onderwerp", "reactie"],
                name="evaluatie_antwoord_telling",
            ),
        ),
    ]
