"""The nginx configuration of docs/installing.md, ready to start, for the test and the benchmark.

Both run nginx with exactly the documented lines (only ports and directories
differ), so what the docs tell an operator is what is tested and measured.
Works in a checkout of the repository (docs/ is not in the installed package).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "installing.md"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
SECTION = "## Een cache vóór de site"


def documented_lines() -> str:
    section = DOCS.read_text().split(SECTION, 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def write_config(directory: Path, site_port: int, port: int, purge_port: int, workers: int = 1) -> Path:
    """nginx.conf in ``directory``: the documented front cache on ``port``, its purge server on ``purge_port``."""
    text = documented_lines()
    text = text.replace("/var/cache/nginx/steunpunt", str(directory / "cache"))
    text = text.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{site_port}")
    text = text.replace("127.0.0.1:8081", f"127.0.0.1:{purge_port}")
    http_part, rest = text.split("# In het blok server { }", 1)
    http_part = http_part.split("\n", 1)[1]  # without its comment line
    site_location, purge_server = rest.split("# Een eigen server {}", 1)
    site_location = site_location.split("\n", 1)[1]
    purge_server = purge_server.split("\n", 1)[1]
    temp = directory / "temp"
    temp.mkdir(exist_ok=True)
    conf = directory / "nginx.conf"
    conf.write_text(
        # Started as root (CI), nginx's workers would drop to www-data and not reach the directory.
        ("user root;\n" if os.geteuid() == 0 else "") + f"load_module {PURGE_MODULE};\nworker_processes {workers};\n"
        f"pid {directory}/nginx.pid;\nerror_log {directory}/error.log;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n"
        f"  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};"
        f" uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        f"{http_part}\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n{site_location}  }}\n"
        f"{purge_server}}}\n"
    )
    return conf
