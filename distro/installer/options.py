"""The command line of ``./install.sh``."""

from __future__ import annotations

from dataclasses import dataclass, field

USAGE = """\
Gebruik: ./install.sh [opties]

Installeert steunpunt-in-a-box in deze map, of werkt een bestaande installatie bij.
Nog een keer draaien is veilig: de gegevens in var/ blijven bewaard.

Soort installatie:
  --demo                 Proefsite op deze computer: SQLite, alle plugins, voorbeeldinhoud.
                         Start daarna de site op http://127.0.0.1:8000 (stoppen met Ctrl+C).
  --no-serve             Bij --demo: de site niet starten.
  (zonder --demo)        Productie: --domain is dan verplicht.

Site:
  --name NAAM            Naam van het samenwerkingsverband (SWV).
  --steunpunt-name NAAM  Naam van het steunpunt op de site.
  --domain DOMEIN        Domeinnaam van de site, bijvoorbeeld steunpunt.swv.nl.
  --port POORT           Demo: poort van de site (standaard 8000).
  --plugins a,b,c        Plugins die aan staan (standaard: alle). 'all' = alle, '' = geen.
  --theme NAAM           Thema (standaard: standaard).
  --gemeenten A,B,C      Gemeenten van het samenwerkingsverband (voor de sociale kaart en de
                         registraties van het steunpunt). Alleen toevoegen; weghalen kan in de beheeromgeving.
  --mailbox E-MAIL       Mailbox van het steunpunt die de vragen ontvangt.
  --admin-email E-MAIL   E-mailadres van de eerste beheerder.
  --admin-password WW    Wachtwoord van de eerste beheerder (standaard: gemaakt en één keer getoond).
  --database-url URL     Database, bijvoorbeeld postgres://gebruiker:wachtwoord@localhost:5432/steunpunt
                         (standaard: SQLite in var/steunpunt.sqlite3).

Landelijke informatieset:
  --informatieset-source URL|PAD
                         Waar de informatieset vandaan komt: de URL van de feed van de uitgever
                         of een bestand (standaard: de meegeleverde voorbeeldset). '' = weer de
                         meegeleverde set.
  --informatieset-key SLEUTEL
                         Publieke sleutel van de uitgever (base64, 32 bytes). Dan worden alleen
                         feeds met een geldige handtekening gebruikt. '' = geen controle.

Server (productie):
  --bind ADRES:POORT     Waar gunicorn luistert (standaard 127.0.0.1:8000).
  --service-user NAAM    Gebruiker van de diensten (standaard: eigenaar van deze map; nooit root).
  --service-name NAAM    Naam van de systemd-diensten (standaard: steunpunt).

Overig:
  --python PAD           Python 3.11 of nieuwer om te gebruiken.
  --yes, -y              Nooit iets vragen.
  --help, -h             Deze hulp.

Zie docs/installing.md voor een installatie bij een hostingpartij.
"""

FLAGS = {"--demo": "demo", "--no-serve": "no_serve", "--yes": "yes", "-y": "yes", "--help": "help", "-h": "help"}
VALUED = (
    "--name --steunpunt-name --domain --port --plugins --theme --mailbox --admin-email --admin-password "
    "--gemeenten --database-url --python --bind --service-user --service-name --informatieset-source --informatieset-key"
).split()


class UsageError(Exception):
    """A mistake on the command line: the message, and a hint for the next line."""

    def __init__(self, message: str, hint: str = "Kijk bij ./install.sh --help."):
        super().__init__(message)
        self.hint = hint


@dataclass
class Options:
    demo: bool = False
    no_serve: bool = False
    yes: bool = False
    help: bool = False
    #: option name without dashes (underscores) -> value; only options that were given
    values: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def given(self, name: str) -> bool:
        return name in self.values


def parse(argv: list[str]) -> Options:
    """Read the options the way install.sh always has: ``--opt value`` or ``--opt=value``.

    Not argparse: its messages are English, it guesses abbreviations, and it
    refuses a value that starts with a dash (a password may).
    """
    options = Options()
    args = list(argv)
    while args:
        arg = args.pop(0)
        opt, inline, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if opt in FLAGS:
            if inline:
                raise UsageError(f"optie {opt} heeft geen waarde.")
            setattr(options, FLAGS[opt], True)
            if opt in ("--help", "-h"):
                return options
        elif opt in VALUED:
            if not inline:
                if not args:
                    raise UsageError(f"optie {opt} heeft een waarde nodig.")
                value = args.pop(0)
            options.values[opt[2:].replace("-", "_")] = value
        else:
            raise UsageError(
                f"onbekende optie: {opt}", "Kijk bij ./install.sh --help welke opties er zijn. Er is niets veranderd."
            )
    return options
