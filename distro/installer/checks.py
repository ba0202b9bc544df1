"""Every check of the options, made before anything is written (standard library only)."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from distro.installer import envfile, units
from distro.installer.options import Options
from distro.installer.system import System
from distro.settings import validation

ROOT_HOWTO = """de diensten zouden als root draaien (--service-user {given}). Dat doet install.sh niet.
  Maak een eigen gebruiker en geef die op:
    sudo adduser --system --group --home /srv/steunpunt steunpunt
    sudo chown -R steunpunt: {root}
    sudo ./install.sh --service-user steunpunt ...
  Zonder --service-user draaien de diensten als de eigenaar van deze map."""


class Refused(Exception):
    """Stop at once with one message (and a hint), before anything is written."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class Plan:
    """What this run will do, worked out from the options and what is there already."""

    root: Path
    options: Options
    mode: str  # "demo" or "production"
    first_install: bool
    admin_email: str
    run_as: str = ""
    service_name: str = "steunpunt"
    can_install_units: bool = False
    #: the plugins to enable, once known ("" = none); None = leave the setting as it is
    plugins: str | None = None
    informatieset_source: str = ""
    informatieset_key: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def var_dir(self) -> Path:
        return self.root / "var"

    @property
    def env_file(self) -> Path:
        return self.var_dir / "steunpunt.env"

    @property
    def venv(self) -> Path:
        return self.root / ".venv"

    @property
    def port(self) -> str:
        return self.options.get("port") or "8000"

    @property
    def bind(self) -> str:
        return self.options.get("bind") or "127.0.0.1:8000"

    @property
    def domain(self) -> str:
        return self.options.get("domain").lower()


def builtin_plugins(root: Path) -> dict[str, tuple[str, ...]]:
    """Name -> required plugins of the plugins in plugins/, read without importing Django."""
    found = {}
    for apps in sorted(root.glob("plugins/*/apps.py")):
        name, requires = apps.parent.name, ()
        for node in ast.walk(ast.parse(apps.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name == "SteunpuntPluginMeta":
                for stmt in node.body:
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
                    for target in targets:
                        if isinstance(target, ast.Name) and target.id == "name":
                            name = ast.literal_eval(stmt.value) or name
                        elif isinstance(target, ast.Name) and target.id == "requires":
                            requires = tuple(ast.literal_eval(stmt.value))
        found[name] = requires
    return found


def plugins_problem(wanted: str, available: dict[str, tuple[str, ...]]) -> tuple[str, str | None]:
    """The plugin list to write and what is wrong with it, for the plugins that ship in plugins/."""
    names = list(available) if wanted.strip() == "all" else [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown:
        return wanted, f"onbekende plugin: {', '.join(unknown)}. Beschikbaar: {', '.join(available)}."
    for name in names:
        missing = [r for r in available[name] if r not in names]
        if missing:
            return wanted, f"plugin '{name}' heeft plugin {', '.join(missing)} nodig. Zet die ook in --plugins."
    return ",".join(names), None


def make_plan(options: Options, root: Path, system: System, *, caller_dir: Path, registry_check=None) -> Plan:
    """Check everything; the plan's ``problems`` lists what is wrong (empty: go ahead).

    ``registry_check(wanted) -> (names, problem)`` checks plugins through the
    installed registry (which also knows pip-installed plugins); without it
    (no .venv yet) only the plugins in plugins/ are known.
    """
    env_file = root / "var" / "steunpunt.env"
    existing_env = envfile.read_value(env_file, "STEUNPUNT_ENV")
    first_install = not env_file.exists()
    if options.demo:
        if existing_env == "production":
            raise Refused(
                "dit is een productie-installatie: --demo kan hier niet.",
                "Een demo zet voorbeeldinhoud in de echte site. Maak een demo in een andere map.",
            )
        mode = "demo"
    else:
        mode = existing_env or "production"
    plan = Plan(root, options, mode, first_install, admin_email=options.get("admin_email"))
    problems = plan.problems

    def check(option: str, problem: str | None):
        if problem:
            problems.append(f"{option} {problem}")

    for name in ("name", "steunpunt_name", "database_url", "gemeenten"):
        check(f"--{name.replace('_', '-')}", validation.text_problem(options.get(name)))
    if plan.domain:
        check("--domain", validation.domain_problem(plan.domain))
    if mode == "production" and first_install and not plan.domain:
        problems.append(
            "voor een productie-installatie is --domain verplicht (of gebruik --demo om het uit te proberen)."
        )
    if options.get("port"):
        check("--port", validation.port_problem(options.get("port")))
    if options.get("bind"):
        check("--bind", validation.bind_problem(options.get("bind")))
    for name in ("admin_email", "mailbox"):
        if options.get(name):
            check(f"--{name.replace('_', '-')}", validation.email_problem(options.get(name)))
    if options.get("service_name"):
        check("--service-name", validation.service_name_problem(options.get("service_name")))
    service_user = options.get("service_user")
    if service_user and system.uid_of(service_user) is None:
        problems.append(
            f"--service-user: gebruiker '{service_user}' bestaat niet. Maak hem met: "
            f"sudo adduser --system --group --home /srv/steunpunt {service_user}"
        )

    source = options.get("informatieset_source")
    check("--informatieset-source", validation.text_problem(source))
    if source:
        if "://" not in source and not os.path.isabs(source):
            # Stored absolute: the services run from another directory.
            source = str(caller_dir / source)
        check("--informatieset-source", validation.informatieset_source_problem(source))
    plan.informatieset_source = source
    if options.get("informatieset_key"):
        plan.informatieset_key, key_problem = validation.publisher_key(options.get("informatieset_key"))
        if key_problem:
            problems.append(
                f"--informatieset-key is geen publieke sleutel van de uitgever: {key_problem}. Gebruik de sleutel die "
                "'steunpunt informatieset_keygen' bij de uitgever toont (44 tekens base64)."
            )

    if options.get("theme"):
        # The message has no option name: "onbekend thema: 'x'. Beschikbaar: ..."
        theme_problem = validation.theme_problem(options.get("theme"), [root / "themes"])
        if theme_problem:
            problems.append(theme_problem)
    if options.get("database_url"):
        url = options.get("database_url")
        if not url.startswith(("sqlite:///", "postgres://", "postgresql://")) or url.endswith("://"):
            problems.append(
                "--database-url moet beginnen met sqlite:/// of postgres:// (of postgresql://), bijvoorbeeld "
                "postgres://steunpunt:wachtwoord@localhost:5432/steunpunt."
            )
        else:
            check("--database-url", validation.database_url_problem(url))

    if options.given("plugins"):
        checked = registry_check(options.get("plugins")) if registry_check else None
        plan.plugins, plugin_problem = checked or plugins_problem(options.get("plugins"), builtin_plugins(root))
        if plugin_problem:
            problems.append(plugin_problem)

    # A demo always gets an administrator (setup_site skips it when one exists).
    # In production, ask for the address only when someone can answer.
    if mode == "demo" and not plan.admin_email:
        plan.admin_email = "beheerder@example.org"
    if first_install and not plan.admin_email and not problems:
        if not options.yes and system.interactive():
            plan.admin_email = system.ask("E-mailadres van de eerste beheerder: ")
            if validation.email_problem(plan.admin_email):
                problems.append(validation.email_problem(plan.admin_email))
        else:
            problems.append("geef het e-mailadres van de eerste beheerder met --admin-email.")

    if mode == "production":
        # A flaw in the site (or one of its packages) would otherwise own the
        # whole server. The installer makes no users; the operator names one.
        plan.run_as = service_user or system.owner_of(root)
        if plan.run_as == "root" or system.uid_of(plan.run_as) == 0:
            problems.append(ROOT_HOWTO.format(given=service_user or "niet gegeven, en de map is van root", root=root))

    plan.service_name = options.get("service_name") or "steunpunt"
    if mode == "production" and system.euid() == 0 and system.has_systemd():
        plan.can_install_units = True
        if units.unit_belongs_elsewhere(system.unit_dir / f"{plan.service_name}-web.service", root):
            problems.append(
                f"er is al een dienst {plan.service_name}-web voor een andere map. Kies een andere naam met --service-name."
            )
    return plan
