"""The plugin registry: discovery, STEUNPUNT_PLUGINS, dependencies, and `steunpunt plugins`."""

import json
import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from distro import plugins
from distro.plugins import Plugin, PluginError, available_plugins, parse_plugin_list, resolve_enabled

REPO = Path(__file__).resolve().parents[2]
THIRD_PARTY = REPO / "tests" / "fixtures" / "thirdparty"
BUILTIN = ["agenda", "evaluatie", "informatieset_sync", "signalen"]


@pytest.fixture
def third_party_installed(monkeypatch):
    """Make the fake `steunpunt-voorbeeld` package importable, as `pip install` would."""
    monkeypatch.syspath_prepend(str(THIRD_PARTY))
    yield
    for name in [m for m in sys.modules if m == "steunpunt_voorbeeld" or m.startswith("steunpunt_voorbeeld.")]:
        del sys.modules[name]


def fake(name, requires=(), source="builtin"):
    return Plugin(name, f"x.{name}", f"x.{name}.apps.Config", name, "", "1.0", tuple(requires), source)


# --- Discovery -----------------------------------------------------------------


def test_the_four_builtin_plugins_are_found_with_their_metadata():
    found = available_plugins()

    assert [n for n, p in found.items() if p.source == "builtin"] == BUILTIN
    agenda, evaluatie = found["agenda"], found["evaluatie"]
    assert agenda.module == "plugins.agenda"
    assert agenda.app_config == "plugins.agenda.apps.AgendaConfig"
    assert str(agenda.verbose_name) == "Agenda"
    assert "Bijeenkomsten" in str(agenda.description)
    assert agenda.version == "0.1.0"
    assert evaluatie.requires == ("agenda",)
    assert str(found["informatieset_sync"].verbose_name) == "Landelijke informatieset"


def test_a_plugin_installed_as_a_package_is_found_through_the_entry_point(third_party_installed):
    found = available_plugins()

    voorbeeld = found["voorbeeld"]
    assert voorbeeld.source == "entry point"
    assert voorbeeld.distribution == "steunpunt-voorbeeld"
    assert voorbeeld.app_config == "steunpunt_voorbeeld.apps.VoorbeeldConfig"
    assert voorbeeld.version == "1.0.0"
    assert voorbeeld.requires == ("agenda",)
    # "all" means the plugins that ship with the distro; a package is opt-in.
    assert "voorbeeld" not in parse_plugin_list("all", found)
    assert parse_plugin_list("all,voorbeeld", found) == BUILTIN + ["voorbeeld"]


def test_an_entry_point_without_a_plugin_config_is_a_clear_error(monkeypatch, tmp_path):
    dist = tmp_path / "kapot-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kapot\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[steunpunt.plugins]\nkapot = json\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(PluginError, match="kapot"):
        available_plugins()


# --- STEUNPUNT_PLUGINS ----------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, BUILTIN),
        ("all", BUILTIN),
        (" all ", BUILTIN),
        ("", []),
        ("none", []),
        ("agenda", ["agenda"]),
        ("signalen, agenda ,", ["signalen", "agenda"]),
        ("agenda,agenda", ["agenda"]),
    ],
)
def test_steunpunt_plugins_is_parsed(value, expected):
    assert parse_plugin_list(value, available_plugins()) == expected


def test_an_unknown_plugin_is_named_in_the_error():
    with pytest.raises(PluginError) as error:
        resolve_enabled(["agenda", "bestaatniet"], available_plugins())

    assert "bestaatniet" in str(error.value)
    assert "agenda" in str(error.value)  # the list of what is available


def test_a_missing_dependency_names_both_plugins():
    with pytest.raises(PluginError) as error:
        resolve_enabled(["evaluatie"], available_plugins())

    assert "'evaluatie'" in str(error.value)
    assert "'agenda'" in str(error.value)


def test_a_dependency_that_is_not_installed_says_so():
    available = {"a": fake("a", requires=["weg"])}

    with pytest.raises(PluginError, match="'weg'.*niet geïnstalleerd"):
        resolve_enabled(["a"], available)


def test_required_plugins_come_first_whatever_the_order_in_the_setting():
    available = available_plugins()

    ordered = [p.name for p in resolve_enabled(["evaluatie", "signalen", "agenda"], available)]

    assert ordered.index("agenda") < ordered.index("evaluatie")
    assert sorted(ordered) == ["agenda", "evaluatie", "signalen"]


def test_a_chain_of_dependencies_is_ordered():
    available = {"a": fake("a", ["b"]), "b": fake("b", ["c"]), "c": fake("c")}

    assert [p.name for p in resolve_enabled(["a", "b", "c"], available)] == ["c", "b", "a"]


def test_plugins_that_need_each_other_in_a_circle_are_refused():
    available = {"a": fake("a", ["b"]), "b": fake("b", ["c"]), "c": fake("c", ["a"]), "d": fake("d")}

    with pytest.raises(PluginError) as error:
        resolve_enabled(["d", "a", "b", "c"], available)

    assert "a -> b -> c -> a" in str(error.value)


def test_is_enabled_follows_the_running_settings():
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=["agenda"]):
        assert plugins.is_enabled("agenda")
        assert not plugins.is_enabled("signalen")


# --- `steunpunt plugins` ---------------------------------------------------------


def test_steunpunt_plugins_lists_available_and_enabled_plugins():
    out = StringIO()
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=["agenda", "signalen"]):
        call_command("plugins", stdout=out)

    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.strip()}
    assert "Landelijke informatieset" in lines["informatieset_sync"]
    assert lines["agenda"].rstrip().endswith("ja")
    assert lines["signalen"].rstrip().endswith("ja")
    assert lines["evaluatie"].rstrip().endswith("nee")
    assert "agenda" in lines["evaluatie"].split("0.1.0")[1]  # the "needs" column
    assert "2 van de 4 plugins staan aan." in out.getvalue()


def test_steunpunt_plugins_json_is_machine_readable():
    out = StringIO()
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=["agenda"]):
        call_command("plugins", "--json", stdout=out)

    rows = {row["name"]: row for row in json.loads(out.getvalue())}
    assert sorted(rows) == BUILTIN
    assert rows["agenda"]["enabled"] is True
    assert rows["evaluatie"] | {"description": ""} == {
        "name": "evaluatie",
        "verbose_name": "Evaluatie",
        "description": "",
        "version": "0.1.0",
        "requires": ["agenda"],
        "source": "builtin",
        "distribution": "",
        "module": "plugins.evaluatie",
        "enabled": False,
    }


# --- Through the real command line and settings ----------------------------------


def run(args, plugins_value, *, third_party=False, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNPUNT_")}
    env.update(
        STEUNPUNT_ENV="test",
        STEUNPUNT_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="distro.settings.test",
    )
    if plugins_value is not None:
        env["STEUNPUNT_PLUGINS"] = plugins_value
    env.pop("PYTHONPATH", None)
    if third_party:
        env["PYTHONPATH"] = str(THIRD_PARTY)
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "value, named",
    [("evaluatie", ["evaluatie", "agenda"]), ("agenda,bestaatniet", ["bestaatniet"])],
)
def test_steunpunt_check_refuses_a_bad_plugin_setting(tmp_path, value, named):
    result = run(["-m", "distro", "check"], value, tmp_path=tmp_path)

    assert result.returncode != 0
    for name in named:
        assert f"'{name}'" in result.stderr or name in result.stderr
    assert "Traceback" not in result.stderr  # a message for people, not a crash


SETTINGS_PROBE = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.urls import NoReverseMatch, resolve, reverse
    from distro.extensions import home_page_panels, periodic_jobs, retention_rules

    # Import the third-party plugin's receivers as if by accident: whether the
    # plugin is enabled or not, only the setting may decide if they act.
    from steunpunt_voorbeeld import receivers

    home_page_panels.send_robust(sender=None, request=None, page=None)
    try:
        url = reverse("voorbeeld:hallo")
    except NoReverseMatch:
        url = None
    print(json.dumps({
        "installed_apps": settings.INSTALLED_APPS,
        "enabled": settings.STEUNPUNT_ENABLED_PLUGINS,
        "url": url,
        "view_module": resolve("/voorbeeld/").func.__module__,
        "calls": receivers.CALLS,
        "jobs": [job.name for job in periodic_jobs.all()],
        "retention_rules": [rule.name for rule in retention_rules.all()],
    }))
    """
)


def probe(value, tmp_path):
    result = run(["-c", SETTINGS_PROBE], value, third_party=True, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_only_enabled_plugins_become_installed_apps(tmp_path):
    facts = probe("agenda", tmp_path)

    assert facts["enabled"] == ["agenda"]
    assert "plugins.agenda.apps.AgendaConfig" in facts["installed_apps"]
    for other in ["plugins.evaluatie", "plugins.informatieset_sync", "plugins.signalen", "steunpunt_voorbeeld"]:
        assert not any(app.startswith(other) for app in facts["installed_apps"]), other


def test_a_disabled_plugin_contributes_no_urls_jobs_rules_or_panels(tmp_path):
    facts = probe("agenda", tmp_path)

    assert facts["url"] is None
    assert facts["view_module"] != "steunpunt_voorbeeld.views"  # /voorbeeld/ is just a Wagtail page path
    assert facts["calls"] == []
    assert "voorbeeld_opruimen" not in facts["jobs"]
    assert "voorbeeld_gegevens" not in facts["retention_rules"]
    assert "retentie" in facts["jobs"]  # the core's own job is there


def test_an_enabled_third_party_plugin_contributes_urls_jobs_rules_and_panels(tmp_path):
    facts = probe("agenda,voorbeeld", tmp_path)

    assert facts["enabled"] == ["agenda", "voorbeeld"]
    assert "steunpunt_voorbeeld.apps.VoorbeeldConfig" in facts["installed_apps"]
    assert facts["url"] == "/voorbeeld/"
    assert facts["view_module"] == "steunpunt_voorbeeld.views"
    assert facts["calls"] == ["home_page_panels"]
    assert "voorbeeld_opruimen" in facts["jobs"]
    assert "voorbeeld_gegevens" in facts["retention_rules"]


def test_steunpunt_plugins_on_the_command_line_shows_a_third_party_plugin(tmp_path):
    result = run(["-m", "distro", "plugins"], "all,voorbeeld", third_party=True, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("voorbeeld "))
    assert "Voorbeeldplugin" in line
    assert "1.0.0" in line
    assert "steunpunt-voorbeeld" in line
    assert line.rstrip().endswith("ja")
