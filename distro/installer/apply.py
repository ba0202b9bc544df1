"""The installation itself, after every check has passed."""

from __future__ import annotations

import shutil

from distro.installer import envfile, flite, units
from distro.installer.checks import Plan
from distro.installer.output import Failed, say, step, warn


def settings_for(plan: Plan) -> dict[str, str]:
    """The lines of var/steunpunt.env this run sets; the others keep their value."""
    first, options = plan.first_install, plan.options
    updates = {"STEUNPUNT_ENV": plan.mode}
    if plan.plugins is not None:
        updates["STEUNPUNT_PLUGINS"] = plan.plugins
    if options.get("theme") or first:
        updates["STEUNPUNT_THEME"] = options.get("theme") or "standaard"
    if options.get("database_url"):
        updates["DATABASE_URL"] = options.get("database_url")
    if options.get("steunpunt_name") or first:
        updates["STEUNPUNT_NAME"] = options.get("steunpunt_name") or "Ouder- en jeugdsteunpunt"
    if plan.mode == "demo":
        hosts = "localhost,127.0.0.1,[::1]" + (f",{plan.domain}" if plan.domain else "")
        updates.update(ALLOWED_HOSTS=hosts, WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{plan.port}")
    elif plan.domain:
        updates.update(ALLOWED_HOSTS=plan.domain, WAGTAILADMIN_BASE_URL=f"https://{plan.domain}")
    if options.given("informatieset_source"):
        updates["STEUNPUNT_INFORMATIESET_SOURCE"] = plan.informatieset_source
    if options.given("informatieset_key"):
        updates["STEUNPUNT_INFORMATIESET_PUBLIC_KEY"] = plan.informatieset_key
    if plan.mode == "production" and first:
        # Behind the HTTPS proxy every visitor arrives from 127.0.0.1: the
        # proxy's X-Forwarded-For is believed from this machine only.
        updates["STEUNPUNT_TRUSTED_PROXIES"] = "127.0.0.1,::1"
    return updates


def setup_site_args(plan: Plan) -> list[str]:
    options, args = plan.options, []
    for name in ("name", "steunpunt_name", "theme", "mailbox", "admin_password", "gemeenten"):
        if options.get(name):
            args += [f"--{name.replace('_', '-')}", options.get(name)]
    if plan.domain:
        args += ["--domain", plan.domain]
    if plan.admin_email:
        args += ["--admin-email", plan.admin_email]
    if plan.mode == "demo":
        args += ["--port", plan.port]
        if options.demo:
            args += ["--demo", "--demo-steunpunt"]
    elif plan.domain:
        args += ["--port", "443"]  # behind the HTTPS proxy the site's address is https://DOMAIN
    return args


def run(installer, plan: Plan) -> int:
    system = installer.system
    step(
        f"steunpunt-in-a-box installeren in {plan.root} ({plan.mode})"
        if plan.first_install
        else f"Bestaande installatie bijwerken in {plan.root} ({plan.mode})"
    )
    installer.install_software()
    flite_off = flite.ensure(system)

    # Second round of checks that need the installed packages, still before var/.
    if plan.options.given("plugins") or plan.first_install:
        plan.plugins, problem = installer.registry_check(
            plan.options.get("plugins") if plan.options.given("plugins") else "all"
        )
        if problem:
            raise Failed(problem, "Er is niets veranderd in var/.")
    if plan.options.get("database_url"):
        say("Verbinding met de database controleren...")
        result = system.run(
            [str(installer.python), "-m", "distro.installer.dbcheck", plan.options.get("database_url")], capture=True
        )
        if result.returncode:
            reason = (result.stderr.strip().splitlines() or ["onbekende fout"])[-1]
            raise Failed(
                f"kan de database niet gebruiken: {reason}",
                "Controleer --database-url en of de database bestaat. Er is niets veranderd in var/.",
            )

    step("Instellingen schrijven in var/steunpunt.env")
    # var/ holds personal data and secrets; the web server reaches var/media/ through the group.
    plan.var_dir.mkdir(exist_ok=True)
    plan.var_dir.chmod(0o750)
    envfile.write(plan.env_file, settings_for(plan))

    step("Database bijwerken")
    installer.steunpunt("migrate", "--noinput", "--verbosity", "0")
    step("Site, pagina's, rollen en beheerder klaarzetten")
    installer.steunpunt("setup_site", *setup_site_args(plan))
    step("Statische bestanden verzamelen")
    installer.steunpunt("collectstatic", "--noinput", "--verbosity", "0")
    if plan.mode == "production":
        step("Controle van de productie-instellingen")
        installer.steunpunt_check()
        install_services(installer, plan)

    step("Klaar")
    print_next_steps(installer, plan)
    if flite_off:
        warn(flite_off)
    if plan.mode == "demo" and plan.options.demo and not plan.options.no_serve:
        step(f"Demosite starten op http://127.0.0.1:{plan.port}/ (stoppen met Ctrl+C)")
        command = [str(installer.venv / "bin" / "steunpunt"), "serve", f"127.0.0.1:{plan.port}"]
        system.replace_process(command, env=installer.clean_env(), umask=0o027)
    return 0


def install_services(installer, plan: Plan) -> None:
    system = installer.system
    step("Diensten (systemd) schrijven in var/systemd/")
    unit_dir = plan.var_dir / "systemd"
    unit_dir.mkdir(exist_ok=True)
    rendered = units.render_units(
        root=plan.root, venv=installer.venv, user=plan.run_as, bind=plan.bind, service_name=plan.service_name
    )
    for name, text in rendered.items():
        (unit_dir / name).write_text(text)
    if system.euid() == 0:
        # Root made these just now; the services run as the service user and write in var/.
        system.run(["chown", "-R", f"{plan.run_as}:", str(plan.var_dir)])
    if plan.can_install_units:
        for name in rendered:
            shutil.copyfile(unit_dir / name, system.unit_dir / name)
        name = plan.service_name
        web, worker, timer = f"{name}-web.service", f"{name}-worker.service", f"{name}-jobs.timer"
        for command in (
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "--quiet", web, worker, timer],
            ["systemctl", "restart", web, worker],
            ["systemctl", "start", timer],
        ):
            if system.run(command).returncode:
                raise Failed(f"'{' '.join(command)}' is mislukt.", "Kijk met: journalctl -xe")
        say(f"Diensten geïnstalleerd en gestart: {web}, {worker} en {timer}.")


def print_next_steps(installer, plan: Plan) -> None:
    if plan.mode == "demo":
        say(
            f"""De demosite staat klaar.
Site:    http://127.0.0.1:{plan.port}/
Beheer:  http://127.0.0.1:{plan.port}/admin/
         De gebruikersnamen en wachtwoorden staan hierboven (alleen bij de eerste installatie):
         de beheerder, en 'steunpunt', de enige die de vragen van ouders ziet.
E-mail die de site verstuurt, staat in var/mail/.
Tests draaien: ./tests/run.sh"""
        )
        if not (plan.options.demo and not plan.options.no_serve):
            say(f"\nStart de site met:\n\n    .venv/bin/steunpunt serve 127.0.0.1:{plan.port}\n")
        return
    host = envfile.read_value(plan.env_file, "ALLOWED_HOSTS").split(",")[0]
    say(
        f"""De site is geïnstalleerd voor https://{host}/.

Nog te doen:
1. Zet een webserver met HTTPS voor de site (bijvoorbeeld Caddy of nginx) die doorstuurt
   naar {plan.bind} en /media/ serveert uit {plan.var_dir}/media/.
   Zie docs/installing.md.
2. Stel een e-mailprovider in in var/steunpunt.env (zie docs/configuration.md).
   Zolang dat niet is gebeurd, komt e-mail in var/mail/ terecht."""
    )
    if not plan.can_install_units:
        name = plan.service_name
        say(
            f"""3. Start de diensten. De systemd-bestanden staan in var/systemd/. Als root:

     cp {plan.var_dir}/systemd/{name}-* /etc/systemd/system/
     systemctl daemon-reload
     systemctl enable --now {name}-web.service {name}-worker.service {name}-jobs.timer

   Geen systemd of geen root? Start de website met
     {installer.venv}/bin/gunicorn distro.wsgi:application --bind {plan.bind}
   en zet deze regel in de crontab (crontab -e) voor de vaste taken en de e-mail:

     {units.cron_line(plan.root)}"""
        )
    say("Later bijwerken: git pull && ./install.sh")
