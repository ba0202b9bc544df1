"""``python -m distro.installer.dbcheck URL``: can the site use this database? (run with the venv's Python)."""

import os
import sys
from pathlib import Path

import dj_database_url
import psycopg


def main(url: str) -> None:
    try:
        config = dj_database_url.parse(url)
    except ValueError:
        sys.exit("dit is geen geldige database-URL.")
    if not config["NAME"]:
        sys.exit("de database-URL noemt geen database.")
    if config["ENGINE"].endswith("postgresql"):
        try:
            psycopg.connect(
                dbname=config["NAME"],
                user=config["USER"] or None,
                password=config["PASSWORD"] or None,
                host=config["HOST"] or None,
                port=config["PORT"] or None,
                connect_timeout=10,
                **config.get("OPTIONS", {}),  # e.g. ?sslmode=require
            ).close()
        except psycopg.Error as exc:
            sys.exit(str(exc).strip())
    else:
        # var/ does not exist yet on a first install; look at the nearest existing parent.
        parent = Path(config["NAME"]).resolve().parent
        while not parent.exists():
            parent = parent.parent
        if not os.access(parent, os.W_OK):
            sys.exit(f"kan niet schrijven in {parent}.")


if __name__ == "__main__":
    main(sys.argv[1])
