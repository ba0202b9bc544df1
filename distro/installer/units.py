"""The systemd units of a production site, and the crontab line where there is no systemd."""

from __future__ import annotations

from pathlib import Path


def render_units(*, root: Path, venv: Path, user: str, bind: str, service_name: str) -> dict[str, str]:
    """File name -> contents of the four units (website, worker, periodic jobs and their timer)."""
    common = "\n".join(
        [
            f"User={user}",
            f"WorkingDirectory={root}",
            "Environment=DJANGO_SETTINGS_MODULE=distro.settings.base",
            # The database file, uploads and mail the services write stay private.
            "UMask=0027",
            "NoNewPrivileges=true",
            "PrivateTmp=true",
            "ProtectSystem=full",
        ]
    )
    after = "After=network.target postgresql.service"
    return {
        f"{service_name}-web.service": f"""\
# Written by install.sh. The website: gunicorn, behind your HTTPS proxy.
[Unit]
Description=steunpunt-in-a-box website ({root})
{after}

[Service]
{common}
ExecStart={venv}/bin/gunicorn distro.wsgi:application --bind {bind} --workers 3
Restart=always

[Install]
WantedBy=multi-user.target
""",
        f"{service_name}-worker.service": f"""\
# Written by install.sh. Background tasks (e-mail) from django-tasks-db.
[Unit]
Description=steunpunt-in-a-box background tasks ({root})
{after}

[Service]
{common}
ExecStart={venv}/bin/steunpunt db_worker --interval 5
Restart=always

[Install]
WantedBy=multi-user.target
""",
        f"{service_name}-jobs.service": f"""\
# Written by install.sh. Periodic jobs (sync, reminders, removing old data);
# started by {service_name}-jobs.timer.
[Unit]
Description=steunpunt-in-a-box periodic jobs ({root})
{after}

[Service]
Type=oneshot
{common}
ExecStart={venv}/bin/steunpunt run_jobs
""",
        f"{service_name}-jobs.timer": f"""\
# Written by install.sh. Runs the periodic jobs every 5 minutes.
[Unit]
Description=steunpunt-in-a-box periodic jobs, every 5 minutes ({root})

[Timer]
OnCalendar=*:0/5
Persistent=true

[Install]
WantedBy=timers.target
""",
    }


def cron_line(root: Path) -> str:
    return (
        f"*/5 * * * * cd '{root}' && .venv/bin/steunpunt run_jobs >/dev/null && "
        ".venv/bin/steunpunt db_worker --batch --no-startup-delay >/dev/null"
    )


def unit_belongs_elsewhere(unit: Path, root: Path) -> bool:
    """A web unit of that name exists for another directory (a provider may host several steunpunten)."""
    return unit.is_file() and f"WorkingDirectory={root}" not in unit.read_text().splitlines()
