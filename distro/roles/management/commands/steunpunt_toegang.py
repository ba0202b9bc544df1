"""Recovery of a locked-out steunpunt, for the operator of the server.

In the admin only Steunpunt members manage their team. If nobody in the team
can log in any more (everyone left, or lost their password and 2FA), the
operator restores access here. It is an act on the server, never in the admin,
it needs a reason, and it is written to the audit log and announced to every
Steunpunt member, so the team always knows.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.log_actions import log

from distro.roles import STEUNPUNT
from distro.roles.independence import RECOVERY, announce, members
from distro.roles.team import add_member, remove_member, reset_login_code, send_password_link


def _os_user() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no login name in a container
        name = str(os.getuid())
    return os.environ.get("SUDO_USER") and f"{os.environ['SUDO_USER']} (sudo {name})" or name


class Command(BaseCommand):
    help = (
        "Herstel de toegang tot het steunpunt: zet iemand in het team, haal iemand eruit of stuur een "
        "wachtwoordlink. Alleen voor de beheerder van de server; het hele team krijgt er bericht van."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--lijst", action="store_true", help="Laat zien wie in het team zit.")
        action.add_argument(
            "--voeg-toe", metavar="GEBRUIKER", help="Zet dit account in het team (met een nieuwe wachtwoordlink)."
        )
        action.add_argument("--haal-weg", metavar="GEBRUIKER", help="Haal dit account uit het team.")
        action.add_argument(
            "--wachtwoordlink", metavar="GEBRUIKER", help="Stuur dit teamlid een link voor een nieuw wachtwoord."
        )
        action.add_argument(
            "--inlogcode-uit", metavar="GEBRUIKER", help="Zet de inlogcode (tweestapsverificatie) van dit teamlid uit."
        )
        parser.add_argument(
            "--reden", default="", help="Waarom (verplicht bij een wijziging; komt in het logboek en in de e-mail)."
        )

    def handle(self, *args, **options):
        if options["lijst"]:
            team = list(members().order_by("username"))
            for user in team:
                self.stdout.write(f"{user.get_username()}\t{user.email or '-'}\t{user.get_full_name()}")
            if not team:
                self.stdout.write("Er zit niemand in het team van het steunpunt.")
            return
        reason = " ".join(options["reden"].split())
        if len(reason) < 5:
            raise CommandError(
                "Geef met --reden op waarom u dit doet (minstens 5 tekens). Het team krijgt de reden te zien."
            )
        username = options["voeg_toe"] or options["haal_weg"] or options["wachtwoordlink"] or options["inlogcode_uit"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Er is geen account met de gebruikersnaam '{username}'.")
        in_team = user.groups.filter(name=STEUNPUNT).exists()
        if options["voeg_toe"]:
            if in_team:
                raise CommandError(f"'{username}' zit al in het team van het steunpunt.")
            if not user.is_active:
                raise CommandError(f"Het account '{username}' staat op non-actief. Zet het eerst weer aan.")
            if not user.email:
                raise CommandError(
                    f"Het account '{username}' heeft geen e-mailadres; daar moet de wachtwoordlink heen."
                )
            what = f"'{username}' is in het team van het steunpunt gezet"
        elif options["haal_weg"]:
            if not in_team:
                raise CommandError(f"'{username}' zit niet in het team van het steunpunt.")
            what = f"'{username}' is uit het team van het steunpunt gehaald"
        elif options["inlogcode_uit"]:
            if not in_team:
                raise CommandError(f"'{username}' zit niet in het team van het steunpunt.")
            what = f"de inlogcode van '{username}' is uitgezet"
        else:
            if not in_team:
                raise CommandError(f"'{username}' zit niet in het team van het steunpunt.")
            if not user.email:
                raise CommandError(f"Het account '{username}' heeft geen e-mailadres.")
            what = f"'{username}' heeft een link gekregen om een nieuw wachtwoord te kiezen"

        with transaction.atomic():
            if options["voeg_toe"]:
                add_member(user)
            elif options["haal_weg"]:
                remove_member(user)
            elif options["inlogcode_uit"]:
                reset_login_code(user)
            else:
                send_password_link(user, welcome=False)
            log(instance=user, action=RECOVERY, user=None, data={"what": what, "reason": reason, "os_user": _os_user()})
            announce(
                "De toegang tot het steunpunt is op de server hersteld",
                f"Op de server (door {_os_user()}): {what}. Reden: {reason}",
                extra_recipients=[user.email],
            )
        self.stdout.write(f"Gedaan: {what}. Het team krijgt een e-mail en het staat in het logboek.")
