#!/usr/bin/env bash
# The test command: ./tests/run.sh [pytest options]
#
# Makes .venv if it is missing, installs the project with its test extras and
# runs pytest. Arguments go to pytest unchanged, e.g. ./tests/run.sh -x -k contact
# or ./tests/run.sh -m "not slow". The suite runs on SQLite unless DATABASE_URL
# is set, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/steunpunt ./tests/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1

if ! { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }; then
    PYTHON=""
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            PYTHON="$candidate"
            break
        fi
    done
    if [ -z "$PYTHON" ]; then
        echo "tests/run.sh: Python 3.11 of nieuwer (met venv) is niet gevonden. Installeer het, bijvoorbeeld: sudo apt install python3 python3-venv" >&2
        exit 2
    fi
    echo "Virtuele Python-omgeving maken in .venv..."
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

# Reinstall only when pyproject.toml changed (dependencies, entry points):
# the project itself is installed editable, so code changes need nothing.
stamp="$VENV/.steunpunt-test-install"
wanted="$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "Testpakketten installeren (de eerste keer duurt dit een paar minuten)..."
    # Build warnings are for developers of the packaging; show them only on failure.
    if ! pip_output="$("$VENV/bin/python" -m pip install --quiet -e ".[test]" 2>&1)"; then
        printf '%s\n' "$pip_output" >&2
        echo "tests/run.sh: het installeren van de testpakketten is mislukt (zie hierboven)." >&2
        exit 2
    fi
    echo "$wanted" >"$stamp"
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "Let op: /usr/bin/chromium ontbreekt, dus de browsertests worden overgeslagen (sudo apt install chromium)."
fi

# The suite's own settings (pyproject.toml) must apply, whatever the shell
# exported for running a site.
unset DJANGO_SETTINGS_MODULE STEUNPUNT_ENV STEUNPUNT_ENV_FILE STEUNPUNT_VAR_DIR
exec "$VENV/bin/pytest" "$@"
