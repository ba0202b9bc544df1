"""The informatieset sync's settings, declared for the core (``SteunpuntPluginMeta.settings``).

Imported by apps.py, so by the settings module before the app registry
exists: nothing here may import models. ``conf.py`` reads the values.
"""

from django.utils.translation import gettext_lazy as _

from distro.plugins import Setting, at_least

MIB = 1024 * 1024


def _positive(value):
    return None if value > 0 else f"moet meer dan 0 zijn, niet {value}."


SETTINGS = (
    Setting(
        "STEUNPUNT_INFORMATIESET_SOURCE",
        str,
        "",
        _(
            "Waar de feed vandaan komt: een adres (`https://…/feed.json`, ook `http://` en `file://`) of een pad "
            "op de server. Leeg: de voorbeeldset die bij de distro hoort. `install.sh --informatieset-source` "
            "vult dit in."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_PUBLIC_KEY",
        str,
        "",
        _(
            "De publieke sleutel (Ed25519, base64 van 32 bytes) van de uitgever. Staat hij er, dan weigert de "
            "site een feed zonder geldige handtekening (`feed.json.sig`). `install.sh --informatieset-key` vult "
            "dit in."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES",
        int,
        60,
        _(
            "Hoe vaak de vaste taak de feed ophaalt, in minuten. Is de feed niet veranderd (ETag), dan gebeurt "
            "er niets."
        ),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_TIMEOUT",
        float,
        30.0,
        _("Seconden die elk verzoek (feed, handtekening, afbeelding) mag duren."),
        validate=_positive,
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_MAX_FEED_BYTES",
        int,
        20 * MIB,
        _(
            "Hoe groot de feed mag zijn, in bytes (standaard 20 MiB). Deze en de drie grenzen hieronder kunt u alleen lager zetten "
            "dan de afspraak in de feed; een hogere waarde telt niet."
        ),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_MAX_ITEMS",
        int,
        5000,
        _("Hoeveel pagina's de feed mag hebben."),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_MAX_ASSETS",
        int,
        500,
        _("Hoeveel afbeeldingen de feed mag hebben."),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_MAX_ASSET_BYTES",
        int,
        5 * MIB,
        _("Hoe groot een afbeelding mag zijn, in bytes (standaard 5 MiB)."),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP",
        bool,
        True,
        _(
            "Haal de informatieset op bij `setup_site` (dus bij `install.sh`), zodat een nieuwe site meteen "
            "pagina's heeft. Dat gebeurt alleen als er nog nooit gesynchroniseerd is of als de bron veranderd "
            "is; daarna houdt de vaste taak de set bij. Lukt het niet, dan gaat de installatie gewoon door met "
            "een waarschuwing."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_NOTIFY_EMAIL",
        bool,
        True,
        _(
            "Stuur redacteuren een e-mail als de landelijke tekst verandert van een pagina met een regionale "
            "aanvulling. De melding op het dashboard komt er altijd."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_PUBLISHER",
        bool,
        False,
        _(
            "Alleen voor de landelijke redactie: redacteuren kunnen dan een pagina *Informatieset uitgeven "
            "(bron)* maken. Zie [informatieset.md](informatieset.md#voor-de-landelijke-redactie-uitgeven)."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_SIGN_KEY",
        str,
        "",
        _(
            "Alleen voor de uitgever: pad naar de privésleutel (van `steunpunt informatieset_keygen`) waarmee "
            "de site `/informatieset/feed.json.sig` maakt."
        ),
    ),
    Setting(
        "STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API",
        bool,
        False,
        _(
            "Laat de synchronisatie de pagina's maken via de openbare API van Wagtail in plaats van de snelle "
            "weg. Dat is langzamer; zet het aan als een nieuwe versie van Wagtail nog niet met de snelle weg "
            "is getest."
        ),
    ),
)
