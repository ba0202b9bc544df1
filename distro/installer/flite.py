"""flite, the speech program behind the spoken captcha: installed where install.sh can.

The site finds flite when it starts (``CAPTCHA_FLITE_PATH``). Without it the
forms work, but they neither offer nor promise the spoken letters. Running as
root on Debian or Ubuntu the installer installs the package; anywhere else it
says what the operator can do.
"""

from __future__ import annotations

import os

from distro.installer.output import say, step, warn

#: Shown once more under the next steps, so it is not lost above the pip and migrate output.
OFF = "De gesproken captcha staat uit: flite ontbreekt (zie de melding hierboven)."

HOW = "Draai daarna ./install.sh nog een keer: dan start de site opnieuw en leest de captcha de letters voor."


def ensure(system) -> str | None:
    """Make sure flite is there; the warning for the next steps if it is not (None: all well)."""
    if system.which("flite"):
        say("flite is geïnstalleerd: de captcha kan de letters voorlezen.")
        return None
    if system.euid() != 0:
        warn(
            "flite (het voorleesprogramma) ontbreekt, dus de captcha kan de letters niet voorlezen. "
            "De formulieren werken wel, zonder geluid.",
            "Installeer het als root, bijvoorbeeld met: sudo apt-get install flite\n" + HOW,
        )
        return OFF
    if not system.which("apt-get"):
        warn(
            "flite (het voorleesprogramma) ontbreekt en deze computer heeft geen apt-get, dus install.sh kan "
            "het niet installeren. De captcha kan de letters niet voorlezen; de formulieren werken wel.",
            "Installeer het pakket flite met de pakketbeheerder van uw systeem.\n" + HOW,
        )
        return OFF
    step("flite installeren (voorlezen van de captcha)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "flite"]
    result = system.run(install, env=env, capture=True)
    if result.returncode:
        # Often only stale package lists (a fresh server): update them once and try again.
        system.run(["apt-get", "update", "-q"], env=env, capture=True)
        result = system.run(install, env=env, capture=True)
    if result.returncode == 0 and system.which("flite"):
        say("flite is geïnstalleerd: de captcha kan de letters voorlezen.")
        return None
    lines = (result.stderr or result.stdout or "").strip().splitlines()
    reason = f' apt-get meldt: "{lines[-1]}"' if lines else ""
    warn(
        "het installeren van flite (het voorleesprogramma) is mislukt, dus de captcha kan de letters niet "
        f"voorlezen. De formulieren werken wel, zonder geluid.{reason}",
        "Probeer het zelf: sudo apt-get update && sudo apt-get install flite\n" + HOW,
    )
    return OFF
