#!/usr/bin/env bash
# Installs or upgrades steunpunt-in-a-box in the directory this script is in.
#
#   ./install.sh --demo                       try it out on this computer
#   ./install.sh --domain steunpunt.swv.nl    production (run as root to install the services)
#
# This script only finds Python 3.11 or newer; the installer itself is Python
# (distro/installer/, see docs/installing.md). It checks every option before it
# writes anything, then makes .venv, var/ and the services.
set -euo pipefail

# No external commands before Python is found: the "no Python" message must
# work on the barest machine.
CALLER_DIR="$(pwd)"
case "${BASH_SOURCE[0]}" in
    */*) ROOT="$(cd "${BASH_SOURCE[0]%/*}" && pwd)" ;;
    *) ROOT="$(pwd)" ;;
esac
cd "$ROOT"

fail() {
    printf 'install.sh: %s\n%s\n' "$1" "$2" >&2
    exit 2
}
# True if $1 runs, is 3.11 or newer and can make a virtual environment
# (Debian and Ubuntu ship venv/ensurepip in a separate package).
python_ok() { "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

PYTHON=""
args=("$@")
for i in "${!args[@]}"; do
    case "${args[$i]}" in
        --python=*) PYTHON="${args[$i]#--python=}" ;;
        --python) PYTHON="${args[$((i + 1))]:-}" ;;
    esac
done
if [ -n "$PYTHON" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || fail "Python niet gevonden: $PYTHON" "Geef met --python het pad naar Python 3.11 of nieuwer."
    python_ok "$PYTHON" || fail "$PYTHON is geen Python 3.11 of nieuwer, of mist het venv-pakket." \
        "Installeer het met: sudo apt install python3 python3-venv"
elif [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    PYTHON=.venv/bin/python
else
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            PYTHON="$(command -v "$candidate")"
            break
        fi
    done
    [ -n "$PYTHON" ] || fail "Python 3.11 of nieuwer is niet gevonden (of het venv-pakket ontbreekt)." \
"Installeer het eerst, bijvoorbeeld:
  Debian 12 / Ubuntu 24.04:  sudo apt install python3 python3-venv
  Ubuntu 22.04:              sudo apt install python3.11 python3.11-venv
Of geef het pad met --python /pad/naar/python3.11"
fi

# The installer runs from this checkout, with the standard library only until .venv exists.
export PYTHONPATH="$ROOT" STEUNPUNT_INSTALL_ROOT="$ROOT" STEUNPUNT_INSTALL_CALLER_DIR="$CALLER_DIR" PIP_DISABLE_PIP_VERSION_CHECK=1
exec "$PYTHON" -m distro.installer "$@"
