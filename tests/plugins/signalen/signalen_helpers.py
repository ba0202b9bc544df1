"""Making registrations for the signalen tests, fast and without the admin."""

from __future__ import annotations

import datetime
import random

from plugins.signalen.models import Registratie, Thema

SECRET_NOTE = "Moeder belde over de school van Noor in Zwolle"


def themes(*names):
    return [Thema.objects.get_or_create(naam=name)[0] for name in names]


def register(day: datetime.date, themas=(), **fields) -> Registratie:
    values = {"kanaal": "telefoon", "vraagsteller": "ouder", "aard": "vraag", "schoolsoort": "po", "minuten": 10}
    values.update(fields)
    registratie = Registratie.objects.create(datum=day, **values)
    if themas:
        registratie.themas.set(themas)
    return registratie


def many(start: datetime.date, days: int, count: int, seed: int = 1, themas=()):
    """``count`` registrations spread over ``days`` days from ``start``, with random categories."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        made.append(
            Registratie(
                datum=start + datetime.timedelta(days=rng.randrange(days)),
                kanaal=rng.choice(["telefoon", "email", "whatsapp", "spreekuur", "website", "bijeenkomst"]),
                vraagsteller=rng.choice(["ouder", "ouder", "jongere", "professional", "anders"]),
                schoolsoort=rng.choice(["po", "vo", "so", "vso", "mbo", "anders", ""]),
                aard=rng.choice(["vraag", "vraag", "zorg", "klacht", "signaal", "compliment"]),
                afhandeling=rng.choice(["informatie", "advies", "doorverwezen", "bemiddeling", "anders", ""]),
                minuten=rng.randrange(0, 90),
            )
        )
    Registratie.objects.bulk_create(made, batch_size=2000)
    if themas:
        through = Registratie.themas.through
        links = []
        for registratie in Registratie.objects.filter(pk__in=[r.pk for r in made] if made[0].pk else []):
            for thema in rng.sample(list(themas), rng.randrange(0, min(3, len(themas)) + 1)):
                links.append(through(registratie_id=registratie.pk, thema_id=thema.pk))
        through.objects.bulk_create(links, batch_size=5000)
    return made
