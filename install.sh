#!/usr/bin/env bash
# Installs or upgrades steunpunt-in-a-box in the directory this script is in.
#
#   ./install.sh --demo                       try it out on this computer
#   ./install.sh --domain steunpunt.swv.nl    production (run as root to install the services)
#
# Everything is checked before anything is written, so a typo never leaves a
# half-made installation behind. Running the script again upgrades: it keeps
# var/ (configuration, database, uploads) and only adds what is new.
# Messages are in Dutch: the people who run this work for Dutch SWVs.
set -euo pipefail

# No external commands before Python is found: the "no Python" message must
# work on the barest machine.
case "${BASH_SOURCE[0]}" in
    */*) ROOT="$(cd "${BASH_SOURCE[0]%/*}" && pwd)" ;;
    *) ROOT="$(pwd)" ;;
esac
cd "$ROOT"
VAR_DIR="$ROOT/var"
ENV_FILE="$VAR_DIR/steunpunt.env"
VENV="$ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1

usage() {
    cat <<'EOF'
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
EOF
}

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
# fail MESSAGE [HINT]: stop with a clear message; nothing after this point runs.
fail() {
    printf 'install.sh: %s\n' "$1" >&2
    if [ -n "${2:-}" ]; then printf '%s\n' "$2" >&2; fi
    exit 2
}

# --- Options --------------------------------------------------------------------

DEMO=0 SERVE=1 ASSUME_YES=0
NAME="" STEUNPUNT_NAME="" DOMAIN="" PORT="" PLUGINS="" PLUGINS_SET=0 THEME="" MAILBOX=""
ADMIN_EMAIL="" ADMIN_PASSWORD="" DATABASE_URL_OPT="" PYTHON_OPT="" BIND="" SERVICE_USER="" SERVICE_NAME=""
INFORMATIESET_SOURCE="" INFORMATIESET_SOURCE_SET=0 INFORMATIESET_KEY="" INFORMATIESET_KEY_SET=0
# The script has already changed to its own directory; a relative
# --informatieset-source is meant relative to where it was started.
CALLER_DIR="${OLDPWD:-$ROOT}"

while [ $# -gt 0 ]; do
    opt="$1" value="" inline=0
    if [[ "$opt" == --*=* ]]; then
        value="${opt#*=}" opt="${opt%%=*}" inline=1
    fi
    case "$opt" in
        --demo|--no-serve|--yes|-y|--help|-h)
            if [ "$inline" = 1 ]; then fail "optie $opt heeft geen waarde." "Kijk bij ./install.sh --help."; fi ;;
        --name|--steunpunt-name|--domain|--port|--plugins|--theme|--mailbox|--admin-email|--admin-password|\
        --database-url|--python|--bind|--service-user|--service-name|--informatieset-source|--informatieset-key)
            if [ "$inline" = 0 ]; then
                if [ $# -lt 2 ]; then fail "optie $opt heeft een waarde nodig." "Kijk bij ./install.sh --help."; fi
                value="$2"
                shift
            fi ;;
        *) fail "onbekende optie: $opt" "Kijk bij ./install.sh --help welke opties er zijn. Er is niets veranderd." ;;
    esac
    case "$opt" in
        --demo) DEMO=1 ;;
        --no-serve) SERVE=0 ;;
        --yes|-y) ASSUME_YES=1 ;;
        --help|-h) usage; exit 0 ;;
        --name) NAME="$value" ;;
        --steunpunt-name) STEUNPUNT_NAME="$value" ;;
        --domain) DOMAIN="$value" ;;
        --port) PORT="$value" ;;
        --plugins) PLUGINS="$value" PLUGINS_SET=1 ;;
        --theme) THEME="$value" ;;
        --mailbox) MAILBOX="$value" ;;
        --admin-email) ADMIN_EMAIL="$value" ;;
        --admin-password) ADMIN_PASSWORD="$value" ;;
        --database-url) DATABASE_URL_OPT="$value" ;;
        --python) PYTHON_OPT="$value" ;;
        --bind) BIND="$value" ;;
        --service-user) SERVICE_USER="$value" ;;
        --service-name) SERVICE_NAME="$value" ;;
        --informatieset-source) INFORMATIESET_SOURCE="$value" INFORMATIESET_SOURCE_SET=1 ;;
        --informatieset-key) INFORMATIESET_KEY="$value" INFORMATIESET_KEY_SET=1 ;;
    esac
    shift
done

# --- Python -----------------------------------------------------------------------

python_ok() {
    # True if $1 runs, is 3.11 or newer and can make a virtual environment
    # (Debian and Ubuntu ship venv/ensurepip in a separate package).
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

venv_ok() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

PYTHON=""
if [ -n "$PYTHON_OPT" ]; then
    if ! command -v "$PYTHON_OPT" >/dev/null 2>&1; then
        fail "Python niet gevonden: $PYTHON_OPT" "Geef met --python het pad naar Python 3.11 of nieuwer."
    fi
    if ! python_ok "$PYTHON_OPT"; then
        fail "$PYTHON_OPT is geen Python 3.11 of nieuwer, of mist het venv-pakket." \
             "Installeer het met: sudo apt install python3 python3-venv"
    fi
    PYTHON="$PYTHON_OPT"
elif venv_ok; then
    PYTHON="$VENV/bin/python"
else
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            PYTHON="$(command -v "$candidate")"
            break
        fi
    done
    if [ -z "$PYTHON" ]; then
        fail "Python 3.11 of nieuwer is niet gevonden (of het venv-pakket ontbreekt)." \
"Installeer het eerst, bijvoorbeeld:
  Debian 12 / Ubuntu 24.04:  sudo apt install python3 python3-venv
  Ubuntu 22.04:              sudo apt install python3.11 python3.11-venv
Of geef het pad met --python /pad/naar/python3.11"
    fi
fi

# --- What is there already ------------------------------------------------------

# Reads one key from an existing instance config (as written below, or by hand).
existing_value() {
    [ -f "$ENV_FILE" ] || return 0
    "$PYTHON" - "$ENV_FILE" "$1" <<'PY'
import re, sys
path, key = sys.argv[1], sys.argv[2]
value = ""
for line in open(path, encoding="utf-8"):
    m = re.match(r"\s*(?:export\s+)?" + re.escape(key) + r"\s*=\s*(.*?)\s*$", line)
    if m:
        value = m.group(1)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1].replace("\\" + value[0], value[0]).replace("\\\\", "\\")
print(value)
PY
}

EXISTING_ENV="$(existing_value STEUNPUNT_ENV)"
FIRST_INSTALL=1
[ -f "$ENV_FILE" ] && FIRST_INSTALL=0

if [ "$DEMO" = 1 ]; then
    if [ "$EXISTING_ENV" = production ]; then
        fail "dit is een productie-installatie: --demo kan hier niet." \
             "Een demo zet voorbeeldinhoud in de echte site. Maak een demo in een andere map."
    fi
    MODE=demo
elif [ -n "$EXISTING_ENV" ]; then
    MODE="$EXISTING_ENV"
else
    MODE=production
fi

# --- Check everything before writing anything ---------------------------------

problems=()
check_text() {  # check_text OPTION VALUE: no line breaks, nothing dotenv would expand
    case "$2" in
        *$'\n'*|*'${'*) problems+=("$1 mag geen regeleinde of \${ bevatten.") ;;
    esac
}
check_text --name "$NAME"
check_text --steunpunt-name "$STEUNPUNT_NAME"
check_text --database-url "$DATABASE_URL_OPT"

if [ -n "$DOMAIN" ]; then
    DOMAIN="${DOMAIN,,}"
    case "$DOMAIN" in
        http://*|https://*) problems+=("--domain is alleen de naam, zonder http(s)://, bijvoorbeeld steunpunt.swv.nl.") ;;
        *)
            if ! [[ "$DOMAIN" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$ ]]; then
                problems+=("--domain '$DOMAIN' is geen geldige domeinnaam.")
            fi ;;
    esac
fi
if [ "$MODE" = production ] && [ "$FIRST_INSTALL" = 1 ] && [ -z "$DOMAIN" ]; then
    problems+=("voor een productie-installatie is --domain verplicht (of gebruik --demo om het uit te proberen).")
fi
if [ -n "$PORT" ] && ! { [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ]; }; then
    problems+=("--port '$PORT' is geen poortnummer (1 tot 65535).")
fi
if [ -n "$BIND" ] && ! [[ "$BIND" =~ ^[^[:space:]]+:[0-9]+$ ]]; then
    problems+=("--bind '$BIND' moet de vorm ADRES:POORT hebben, bijvoorbeeld 127.0.0.1:8000.")
fi
for pair in "--admin-email:$ADMIN_EMAIL" "--mailbox:$MAILBOX"; do
    opt="${pair%%:*}" value="${pair#*:}"
    if [ -n "$value" ] && ! [[ "$value" =~ ^[^[:space:]@]+@[^[:space:]@]+\.[^[:space:]@]+$ ]]; then
        problems+=("$opt '$value' is geen geldig e-mailadres.")
    fi
done
if [ -n "$SERVICE_NAME" ] && ! [[ "$SERVICE_NAME" =~ ^[a-zA-Z0-9_.-]+$ ]]; then
    problems+=("--service-name '$SERVICE_NAME' mag alleen letters, cijfers, punt, - en _ bevatten.")
fi
if [ -n "$SERVICE_USER" ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
    problems+=("--service-user: gebruiker '$SERVICE_USER' bestaat niet. Maak hem met: sudo adduser --system --group --home /srv/steunpunt $SERVICE_USER")
fi

check_text --informatieset-source "$INFORMATIESET_SOURCE"
if [ -n "$INFORMATIESET_SOURCE" ]; then
    case "$INFORMATIESET_SOURCE" in
        https://?*|http://?*|file://?*)
            if [[ "$INFORMATIESET_SOURCE" =~ [[:space:]] ]]; then
                problems+=("--informatieset-source '$INFORMATIESET_SOURCE' is geen geldige URL (er staat een spatie in).")
            fi ;;
        *://*)
            problems+=("--informatieset-source moet een https://-adres of een bestand zijn, niet '$INFORMATIESET_SOURCE'.") ;;
        *)
            # A path: stored absolute, because the services run from another directory.
            case "$INFORMATIESET_SOURCE" in
                /*) ;;
                *) INFORMATIESET_SOURCE="$CALLER_DIR/$INFORMATIESET_SOURCE" ;;
            esac
            if [ ! -f "$INFORMATIESET_SOURCE" ]; then
                problems+=("--informatieset-source: het bestand $INFORMATIESET_SOURCE bestaat niet.")
            fi ;;
    esac
fi
if [ -n "$INFORMATIESET_KEY" ]; then
    # An Ed25519 public key is 32 bytes; checked here so a typo never makes
    # every later sync fail.
    if ! key_error="$("$PYTHON" - "$INFORMATIESET_KEY" <<'PY' 2>&1
import base64, binascii, sys
text = "".join(sys.argv[1].split())
try:
    raw = base64.b64decode(text, validate=True)
except (binascii.Error, ValueError):
    sys.exit("het is geen geldige base64-tekst")
if len(raw) != 32:
    sys.exit(f"het zijn {len(raw)} bytes in plaats van 32")
print(text)
PY
)"; then
        problems+=("--informatieset-key is geen publieke sleutel van de uitgever: ${key_error##*$'\n'}. Gebruik de sleutel die 'steunpunt informatieset_keygen' bij de uitgever toont (44 tekens base64).")
    else
        INFORMATIESET_KEY="$key_error"
    fi
fi

if [ -n "$THEME" ] && [ ! -f "$ROOT/themes/$THEME/theme.toml" ]; then
    known_themes="$(cd "$ROOT/themes" && for t in */theme.toml; do printf '%s ' "${t%/theme.toml}"; done)"
    problems+=("onbekend thema: '$THEME'. Beschikbaar: ${known_themes% }.")
fi

if [ -n "$DATABASE_URL_OPT" ]; then
    case "$DATABASE_URL_OPT" in
        sqlite:///?*|postgres://?*|postgresql://?*) ;;
        *) problems+=("--database-url moet beginnen met sqlite:/// of postgres:// (of postgresql://), bijvoorbeeld postgres://steunpunt:wachtwoord@localhost:5432/steunpunt.") ;;
    esac
fi

# Plugin names and their dependencies. Before .venv exists only the plugins
# that ship in plugins/ can be known; they are read with the ast module because
# importing their apps.py needs Django.
check_plugins_static() {
    "$PYTHON" - "$ROOT" "$1" <<'PY'
import ast, pathlib, sys
root, wanted = pathlib.Path(sys.argv[1]), sys.argv[2]
available = {}
for apps in sorted(root.glob("plugins/*/apps.py")):
    name, requires = apps.parent.name, ()
    for node in ast.walk(ast.parse(apps.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef) and node.name == "SteunpuntPluginMeta":
            for stmt in node.body:
                if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    for target in targets:
                        if isinstance(target, ast.Name) and target.id == "name":
                            name = ast.literal_eval(stmt.value) or name
                        if isinstance(target, ast.Name) and target.id == "requires":
                            requires = tuple(ast.literal_eval(stmt.value))
    available[name] = requires
names = list(available) if wanted.strip() == "all" else [n.strip() for n in wanted.split(",") if n.strip()]
unknown = [n for n in names if n not in available]
if unknown:
    sys.exit(f"onbekende plugin: {', '.join(unknown)}. Beschikbaar: {', '.join(available)}.")
for n in names:
    missing = [r for r in available[n] if r not in names]
    if missing:
        sys.exit(f"plugin '{n}' heeft plugin {', '.join(missing)} nodig. Zet die ook in --plugins.")
print(",".join(names))
PY
}

# The same check through the real registry, which also knows plugins that
# were pip-installed into .venv (entry points). Prints the names to enable.
check_plugins_registry() {
    "$VENV/bin/python" - "$1" <<'PY'
import sys
from distro import plugins as registry
try:
    available = registry.available_plugins()
    names = registry.parse_plugin_list(sys.argv[1], available)
    registry.resolve_enabled(names, available)
except registry.PluginError as exc:
    sys.exit(str(exc))
print(",".join(names))
PY
}

venv_has_distro() {
    venv_ok && "$VENV/bin/python" -c 'import distro.plugins' >/dev/null 2>&1
}

if [ "$PLUGINS_SET" = 1 ]; then
    if venv_has_distro; then
        checker=check_plugins_registry
    else
        checker=check_plugins_static
    fi
    if ! plugin_output="$($checker "$PLUGINS" 2>&1)"; then
        problems+=("${plugin_output##*$'\n'}")
    fi
fi

# A demo always gets an administrator (setup_site skips it when one exists).
# In production, ask for the address only when someone can answer.
if [ "$MODE" = demo ] && [ -z "$ADMIN_EMAIL" ]; then
    ADMIN_EMAIL="beheerder@example.org"
fi
if [ "$FIRST_INSTALL" = 1 ] && [ -z "$ADMIN_EMAIL" ] && [ "${#problems[@]}" = 0 ]; then
    if [ "$ASSUME_YES" = 0 ] && [ -t 0 ]; then
        read -r -p "E-mailadres van de eerste beheerder: " ADMIN_EMAIL
        if ! [[ "$ADMIN_EMAIL" =~ ^[^[:space:]@]+@[^[:space:]@]+\.[^[:space:]@]+$ ]]; then
            problems+=("'$ADMIN_EMAIL' is geen geldig e-mailadres.")
        fi
    else
        problems+=("geef het e-mailadres van de eerste beheerder met --admin-email.")
    fi
fi

# The services of a production site never run as root: a flaw in the site (or
# in one of its packages) would then own the whole server. install.sh does not
# create users; the operator makes one and names it.
if [ "$MODE" = production ]; then
    RUN_AS="${SERVICE_USER:-$(stat -c %U "$ROOT")}"
    if [ "$RUN_AS" = root ] || { id -u "$RUN_AS" >/dev/null 2>&1 && [ "$(id -u "$RUN_AS")" = 0 ]; }; then
        problems+=("de diensten zouden als root draaien (--service-user ${SERVICE_USER:-niet gegeven, en de map is van root}). Dat doet install.sh niet.
  Maak een eigen gebruiker en geef die op:
    sudo adduser --system --group --home /srv/steunpunt steunpunt
    sudo chown -R steunpunt: $ROOT
    sudo ./install.sh --service-user steunpunt ...
  Zonder --service-user draaien de diensten als de eigenaar van deze map.")
    fi
fi

SERVICE_NAME="${SERVICE_NAME:-steunpunt}"
CAN_INSTALL_UNITS=0
if [ "$MODE" = production ] && [ "$(id -u)" = 0 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    CAN_INSTALL_UNITS=1
    # A hosting provider may run several steunpunten on one machine: never
    # take over the services of another installation.
    existing_unit="/etc/systemd/system/$SERVICE_NAME-web.service"
    if [ -f "$existing_unit" ] && ! grep -qxF "WorkingDirectory=$ROOT" "$existing_unit"; then
        problems+=("er is al een dienst $SERVICE_NAME-web voor een andere map. Kies een andere naam met --service-name.")
    fi
fi

if [ "${#problems[@]}" -gt 0 ]; then
    for problem in "${problems[@]}"; do printf 'install.sh: %s\n' "$problem" >&2; done
    printf 'Er is niets veranderd. Kijk bij ./install.sh --help.\n' >&2
    exit 2
fi

# --- Install the software -------------------------------------------------------

if [ "$FIRST_INSTALL" = 1 ]; then
    step "steunpunt-in-a-box installeren in $ROOT ($MODE)"
else
    step "Bestaande installatie bijwerken in $ROOT ($MODE)"
fi

if ! venv_ok; then
    say "Virtuele Python-omgeving maken in .venv met $("$PYTHON" --version)"
    rm -rf "$VENV"  # a broken one, e.g. after the system Python was upgraded
    "$PYTHON" -m venv "$VENV"
fi
say "Pakketten installeren (de eerste keer duurt dit een paar minuten)..."
# pip and setuptools warn about things only developers can change; show
# their output only when the installation fails.
if ! pip_output="$("$VENV/bin/python" -m pip install --quiet -e "$ROOT" 2>&1)"; then
    printf '%s\n' "$pip_output" >&2
    fail "het installeren van de pakketten is mislukt (zie hierboven)." \
         "Controleer de internetverbinding en probeer het opnieuw. Er is niets veranderd in var/."
fi

# Second round of checks that need the installed packages, still before var/.
if [ "$PLUGINS_SET" = 1 ]; then
    PLUGINS="$(check_plugins_registry "$PLUGINS" 2>&1)" || fail "${PLUGINS##*$'\n'}" "Er is niets veranderd in var/."
elif [ "$FIRST_INSTALL" = 1 ]; then
    PLUGINS="$(check_plugins_registry all)"
fi

if [ -n "$DATABASE_URL_OPT" ]; then
    say "Verbinding met de database controleren..."
    if ! db_error="$("$VENV/bin/python" - "$DATABASE_URL_OPT" "$VAR_DIR" <<'PY' 2>&1
import sys
from pathlib import Path
import dj_database_url
url = sys.argv[1]
try:
    config = dj_database_url.parse(url)
except ValueError:
    sys.exit("dit is geen geldige database-URL.")
if not config["NAME"]:
    sys.exit("de database-URL noemt geen database.")
if config["ENGINE"].endswith("postgresql"):
    import psycopg
    try:
        psycopg.connect(
            dbname=config["NAME"], user=config["USER"] or None, password=config["PASSWORD"] or None,
            host=config["HOST"] or None, port=config["PORT"] or None, connect_timeout=10,
            **config.get("OPTIONS", {}),  # e.g. ?sslmode=require
        ).close()
    except psycopg.Error as exc:
        sys.exit(str(exc).strip())
else:
    # var/ does not exist yet on a first install; look at the nearest existing parent.
    path = Path(config["NAME"]).resolve()
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    import os
    if not os.access(parent, os.W_OK):
        sys.exit(f"kan niet schrijven in {parent}.")
PY
)"; then
        fail "kan de database niet gebruiken: ${db_error##*$'\n'}" \
             "Controleer --database-url en of de database bestaat. Er is niets veranderd in var/."
    fi
fi

# --- Instance configuration -----------------------------------------------------

step "Instellingen schrijven in var/steunpunt.env"
# var/ holds personal data (questions, uploads) and secrets: not for other
# users on the machine. The web server reaches var/media/ through the group.
mkdir -p "$VAR_DIR"
chmod 750 "$VAR_DIR"

settings_args=("STEUNPUNT_ENV=$MODE")
if [ "$PLUGINS_SET" = 1 ] || [ "$FIRST_INSTALL" = 1 ]; then settings_args+=("STEUNPUNT_PLUGINS=$PLUGINS"); fi
if [ -n "$THEME" ]; then
    settings_args+=("STEUNPUNT_THEME=$THEME")
elif [ "$FIRST_INSTALL" = 1 ]; then
    settings_args+=("STEUNPUNT_THEME=standaard")
fi
if [ -n "$DATABASE_URL_OPT" ]; then settings_args+=("DATABASE_URL=$DATABASE_URL_OPT"); fi
if [ -n "$STEUNPUNT_NAME" ]; then
    settings_args+=("STEUNPUNT_NAME=$STEUNPUNT_NAME")
elif [ "$FIRST_INSTALL" = 1 ]; then
    settings_args+=("STEUNPUNT_NAME=Ouder- en jeugdsteunpunt")
fi
if [ "$MODE" = demo ]; then
    DEMO_PORT="${PORT:-8000}"
    hosts="localhost,127.0.0.1,[::1]"
    if [ -n "$DOMAIN" ]; then hosts="$hosts,$DOMAIN"; fi
    settings_args+=("ALLOWED_HOSTS=$hosts" "WAGTAILADMIN_BASE_URL=http://127.0.0.1:$DEMO_PORT")
elif [ -n "$DOMAIN" ]; then
    settings_args+=("ALLOWED_HOSTS=$DOMAIN" "WAGTAILADMIN_BASE_URL=https://$DOMAIN")
fi
if [ "$INFORMATIESET_SOURCE_SET" = 1 ]; then settings_args+=("STEUNPUNT_INFORMATIESET_SOURCE=$INFORMATIESET_SOURCE"); fi
if [ "$INFORMATIESET_KEY_SET" = 1 ]; then settings_args+=("STEUNPUNT_INFORMATIESET_PUBLIC_KEY=$INFORMATIESET_KEY"); fi
if [ "$MODE" = production ] && [ "$FIRST_INSTALL" = 1 ]; then
    # Behind the HTTPS proxy every visitor arrives from 127.0.0.1; without the
    # proxy's X-Forwarded-For the per-IP form limit would block everyone at
    # once. The header is believed only from these addresses: the proxy on
    # this machine (docs/installing.md), never from a visitor.
    settings_args+=("STEUNPUNT_TRUSTED_PROXIES=127.0.0.1,::1")
fi

# Written by Python so that quoting is right for python-dotenv, which reads it.
# Keys that are not given keep their value, and lines the operator added by
# hand (e-mail provider, ...) stay where they are. SECRET_KEY is made once.
"$VENV/bin/python" - "$ENV_FILE" "${settings_args[@]}" <<'PY'
import os, re, secrets, sys
path, updates = sys.argv[1], dict(arg.split("=", 1) for arg in sys.argv[2:])
lines = open(path, encoding="utf-8").read().splitlines() if os.path.exists(path) else []
present = {m.group(1) for line in lines if (m := re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", line))}
if "SECRET_KEY" not in present:
    updates["SECRET_KEY"] = secrets.token_urlsafe(50)

def quoted(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"

out = []
for line in lines:
    m = re.match(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", line)
    if m and m.group(1) in updates:
        key = m.group(1)
        out.append(f"{key}={quoted(updates.pop(key))}")
    else:
        out.append(line)
if not lines:
    out += [
        "# Instance configuration of steunpunt-in-a-box, written by install.sh.",
        "# Environment variables with the same name win over this file.",
        "# Every setting is explained in docs/configuration.md.",
    ]
for key, value in updates.items():
    out.append(f"{key}={quoted(value)}")
if not lines:
    out += [
        "",
        "# E-mail: without a provider, mail is written to var/mail/. For example:",
        "# EMAIL_BACKEND='anymail.backends.mailgun.EmailBackend'",
        "# ANYMAIL_MAILGUN_API_KEY='...'",
        "# ANYMAIL_MAILGUN_API_URL='https://api.eu.mailgun.net/v3'",
        "# DEFAULT_FROM_EMAIL='steunpunt@example.nl'",
    ]
tmp = path + ".tmp"
fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
os.chmod(tmp, 0o600)
os.replace(tmp, path)
PY

# install.sh does exactly what the configuration file says: variables from
# the calling shell (an exported DATABASE_URL, a test's settings module) must
# not make it migrate one database and configure the services for another.
CLEAN_ENV=(env)
for key in DATABASE_URL SECRET_KEY STEUNPUNT_ENV STEUNPUNT_PLUGINS STEUNPUNT_THEME ALLOWED_HOSTS \
           WAGTAILADMIN_BASE_URL STEUNPUNT_NAME STEUNPUNT_VAR_DIR STEUNPUNT_ENV_FILE \
           STEUNPUNT_INFORMATIESET_SOURCE STEUNPUNT_INFORMATIESET_PUBLIC_KEY; do
    CLEAN_ENV+=(-u "$key")
done
CLEAN_ENV+=(DJANGO_SETTINGS_MODULE=distro.settings.base)
if [ "$(id -u)" = 0 ]; then
    # Root's bytecode caches in the source tree would be unreadable for the
    # service user; it compiles its own.
    CLEAN_ENV+=(PYTHONDONTWRITEBYTECODE=1)
fi
# umask 027: the database file, uploads and mail it creates stay private too
# (the services use the same umask, see the units below).
steunpunt() { (umask 027 && exec "${CLEAN_ENV[@]}" "$VENV/bin/steunpunt" "$@"); }

# --- Database and site ------------------------------------------------------------

step "Database bijwerken"
steunpunt migrate --noinput --verbosity 0

step "Site, pagina's, rollen en beheerder klaarzetten"
site_args=()
[ -n "$NAME" ] && site_args+=(--name "$NAME")
[ -n "$STEUNPUNT_NAME" ] && site_args+=(--steunpunt-name "$STEUNPUNT_NAME")
[ -n "$DOMAIN" ] && site_args+=(--domain "$DOMAIN")
[ -n "$THEME" ] && site_args+=(--theme "$THEME")
[ -n "$MAILBOX" ] && site_args+=(--mailbox "$MAILBOX")
[ -n "$ADMIN_EMAIL" ] && site_args+=(--admin-email "$ADMIN_EMAIL")
[ -n "$ADMIN_PASSWORD" ] && site_args+=(--admin-password "$ADMIN_PASSWORD")
if [ "$MODE" = demo ]; then
    site_args+=(--port "$DEMO_PORT")
    if [ "$DEMO" = 1 ]; then site_args+=(--demo --demo-steunpunt); fi
elif [ -n "$DOMAIN" ]; then
    # Behind the HTTPS proxy the site's address is https://DOMAIN.
    site_args+=(--port 443)
fi
steunpunt setup_site "${site_args[@]}"

step "Statische bestanden verzamelen"
steunpunt collectstatic --noinput --verbosity 0

if [ "$MODE" = production ]; then
    step "Controle van de productie-instellingen"
    steunpunt check --deploy --fail-level ERROR
fi

# --- Services (production) --------------------------------------------------------

write_units() {
    local unit_dir="$VAR_DIR/systemd" user="$1" bind="$2"
    mkdir -p "$unit_dir"
    local common="User=$user
WorkingDirectory=$ROOT
Environment=DJANGO_SETTINGS_MODULE=distro.settings.base
UMask=0027
NoNewPrivileges=true
PrivateTmp=true
ProtectSystem=full"
    cat >"$unit_dir/$SERVICE_NAME-web.service" <<EOF
# Written by install.sh. The website: gunicorn, behind your HTTPS proxy.
[Unit]
Description=steunpunt-in-a-box website ($ROOT)
After=network.target postgresql.service

[Service]
$common
ExecStart=$VENV/bin/gunicorn distro.wsgi:application --bind $bind --workers 3
Restart=always

[Install]
WantedBy=multi-user.target
EOF
    cat >"$unit_dir/$SERVICE_NAME-worker.service" <<EOF
# Written by install.sh. Background tasks (e-mail) from django-tasks-db.
[Unit]
Description=steunpunt-in-a-box background tasks ($ROOT)
After=network.target postgresql.service

[Service]
$common
ExecStart=$VENV/bin/steunpunt db_worker --interval 5
Restart=always

[Install]
WantedBy=multi-user.target
EOF
    cat >"$unit_dir/$SERVICE_NAME-jobs.service" <<EOF
# Written by install.sh. Periodic jobs (sync, reminders, removing old data);
# started by $SERVICE_NAME-jobs.timer.
[Unit]
Description=steunpunt-in-a-box periodic jobs ($ROOT)
After=network.target postgresql.service

[Service]
Type=oneshot
$common
ExecStart=$VENV/bin/steunpunt run_jobs
EOF
    cat >"$unit_dir/$SERVICE_NAME-jobs.timer" <<EOF
# Written by install.sh. Runs the periodic jobs every 5 minutes.
[Unit]
Description=steunpunt-in-a-box periodic jobs, every 5 minutes ($ROOT)

[Timer]
OnCalendar=*:0/5
Persistent=true

[Install]
WantedBy=timers.target
EOF
}

CRON_LINE="*/5 * * * * cd '$ROOT' && .venv/bin/steunpunt run_jobs >/dev/null && .venv/bin/steunpunt db_worker --batch --no-startup-delay >/dev/null"
if [ "$MODE" = production ]; then
    step "Diensten (systemd) schrijven in var/systemd/"
    write_units "$RUN_AS" "${BIND:-127.0.0.1:8000}"
    if [ "$(id -u)" = 0 ]; then
        # Root made these just now; the services run as $RUN_AS and write in var/.
        chown -R "$RUN_AS:" "$VAR_DIR"
    fi
    if [ "$CAN_INSTALL_UNITS" = 1 ]; then
        cp "$VAR_DIR/systemd/$SERVICE_NAME-"* /etc/systemd/system/
        systemctl daemon-reload
        systemctl enable --quiet "$SERVICE_NAME-web.service" "$SERVICE_NAME-worker.service" "$SERVICE_NAME-jobs.timer"
        systemctl restart "$SERVICE_NAME-web.service" "$SERVICE_NAME-worker.service"
        systemctl start "$SERVICE_NAME-jobs.timer"
        say "Diensten geïnstalleerd en gestart: $SERVICE_NAME-web, $SERVICE_NAME-worker en $SERVICE_NAME-jobs.timer."
    fi
fi

# --- Next steps -------------------------------------------------------------------

step "Klaar"
SERVE_NOW=0
if [ "$MODE" = demo ] && [ "$DEMO" = 1 ] && [ "$SERVE" = 1 ]; then SERVE_NOW=1; fi
if [ "$MODE" = demo ]; then
    cat <<EOF
De demosite staat klaar.
Site:    http://127.0.0.1:$DEMO_PORT/
Beheer:  http://127.0.0.1:$DEMO_PORT/admin/
         De gebruikersnamen en wachtwoorden staan hierboven (alleen bij de eerste installatie):
         de beheerder, en 'steunpunt', de enige die de vragen van ouders ziet.
E-mail die de site verstuurt, staat in var/mail/.
Tests draaien: ./tests/run.sh
EOF
    if [ "$SERVE_NOW" = 0 ]; then
        printf '\nStart de site met:\n\n    .venv/bin/steunpunt serve 127.0.0.1:%s\n' "$DEMO_PORT"
    fi
else
    cat <<EOF
De site is geïnstalleerd voor https://$(existing_value ALLOWED_HOSTS | cut -d, -f1)/.

Nog te doen:
1. Zet een webserver met HTTPS voor de site (bijvoorbeeld Caddy of nginx) die doorstuurt
   naar ${BIND:-127.0.0.1:8000} en /media/ serveert uit $VAR_DIR/media/.
   Zie docs/installing.md.
2. Stel een e-mailprovider in in var/steunpunt.env (zie docs/configuration.md).
   Zolang dat niet is gebeurd, komt e-mail in var/mail/ terecht.
EOF
    if [ "$CAN_INSTALL_UNITS" = 0 ]; then
        cat <<EOF
3. Start de diensten. De systemd-bestanden staan in var/systemd/. Als root:

     cp $VAR_DIR/systemd/$SERVICE_NAME-* /etc/systemd/system/
     systemctl daemon-reload
     systemctl enable --now $SERVICE_NAME-web.service $SERVICE_NAME-worker.service $SERVICE_NAME-jobs.timer

   Geen systemd of geen root? Start de website met
     $VENV/bin/gunicorn distro.wsgi:application --bind ${BIND:-127.0.0.1:8000}
   en zet deze regel in de crontab (crontab -e) voor de vaste taken en de e-mail:

     $CRON_LINE
EOF
    fi
    say "Later bijwerken: git pull && ./install.sh"
fi

if [ "$SERVE_NOW" = 1 ]; then
    step "Demosite starten op http://127.0.0.1:$DEMO_PORT/ (stoppen met Ctrl+C)"
    umask 027
    exec "${CLEAN_ENV[@]}" "$VENV/bin/steunpunt" serve "127.0.0.1:$DEMO_PORT"
fi
