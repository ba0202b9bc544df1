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
from environs import Env, EnvError

from distro import plugins
from distro.plugins import (
    Plugin,
    PluginError,
    Setting,
    at_least,
    available_plugins,
    parse_plugin_list,
    read_settings,
    resolve_enabled,
)

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


def fake(name, requires=(), source="builtin", compatibility=None):
    return Plugin(
        name,
        f"x.{name}",
        f"x.{name}.apps.Config",
        name,
        "",
        "1.0",
        tuple(requires),
        source,
        compatibility=compatibility or {},
    )


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
    assert evaluatie.requires == ()  # it invites after meetings when the agenda is there, and works without it
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
    available = {"agenda": fake("agenda"), "uitbreiding": fake("uitbreiding", requires=["agenda"])}
    with pytest.raises(PluginError) as error:
        resolve_enabled(["uitbreiding"], available)

    assert "'uitbreiding'" in str(error.value)
    assert "'agenda'" in str(error.value)


def test_a_dependency_that_is_not_installed_says_so():
    available = {"a": fake("a", requires=["weg"])}

    with pytest.raises(PluginError, match="'weg'.*niet geïnstalleerd"):
        resolve_enabled(["a"], available)


def test_required_plugins_come_first_whatever_the_order_in_the_setting():
    available = {
        "agenda": fake("agenda"),
        "uitbreiding": fake("uitbreiding", requires=["agenda"]),
        "signalen": fake("signalen"),
    }

    ordered = [p.name for p in resolve_enabled(["uitbreiding", "signalen", "agenda"], available)]

    assert ordered.index("agenda") < ordered.index("uitbreiding")
    assert sorted(ordered) == ["agenda", "signalen", "uitbreiding"]


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
    assert "agenda" not in lines["evaluatie"].split("0.1.0")[1]  # the "needs" column: nothing
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
        "requires": [],
        "source": "builtin",
        "distribution": "",
        "module": "plugins.evaluatie",
        "enabled": False,
        "compatibility": {},
        "compatibility_problem": None,
        "settings": ["STEUNPUNT_EVALUATIE_OPMERKINGEN_BEWAARTERMIJN_DAGEN"],
    }
    assert "STEUNPUNT_AGENDA_HERINNERING_UREN" in rows["agenda"]["settings"]


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
    [("voorbeeld", ["voorbeeld", "agenda"]), ("agenda,bestaatniet", ["bestaatniet"])],
)
def test_steunpunt_check_refuses_a_bad_plugin_setting(tmp_path, value, named):
    # The example third-party plugin needs the agenda (no built-in plugin needs another).
    result = run(["-m", "distro", "check"], value, third_party=True, tmp_path=tmp_path)

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


# --- Compatibility -----------------------------------------------------------------

VERSIONS = {"steunpunt": "0.1.0", "wagtail": "8.0.1", "django": "5.2.4", "python": "3.12.3"}


@pytest.mark.parametrize(
    "compatibility",
    [{}, {"steunpunt": ">=0.1,<0.2", "wagtail": ">=8.0,<9"}, {"django": "~=5.2"}, {"wagtail": ">=8"}],
)
def test_a_plugin_that_fits_the_installed_versions_is_accepted(compatibility):
    assert plugins.compatibility_problem(fake("a", compatibility=compatibility), VERSIONS) is None


def test_an_installed_pre_release_counts_as_its_version():
    assert (
        plugins.compatibility_problem(fake("a", compatibility={"wagtail": ">=8.0,<9"}), {"wagtail": "8.1rc1"}) is None
    )


def test_an_enabled_plugin_that_needs_other_versions_is_refused_with_what_to_do():
    available = {"oud": fake("oud", compatibility={"wagtail": ">=6,<7"})}

    with pytest.raises(PluginError) as error:
        resolve_enabled(["oud"], available)

    message = str(error.value)
    assert "'oud'" in message
    assert "Wagtail >=6,<7" in message
    assert f"{plugins.installed_versions()['wagtail']} is geïnstalleerd" in message
    assert "STEUNPUNT_PLUGINS" in message


def test_the_distro_version_is_checked_too():
    problem = plugins.compatibility_problem(fake("a", compatibility={"steunpunt": ">=0.2"}), VERSIONS)
    assert problem == "De plugin 'a' werkt met steunpunt-in-a-box >=0.2, maar 0.1.0 is geïnstalleerd."


def test_the_installed_versions_are_the_real_ones():
    import django
    import wagtail

    versions = plugins.installed_versions()
    assert versions["wagtail"] == wagtail.__version__
    assert versions["django"] == django.__version__
    assert versions["steunpunt"].startswith("0.")


@pytest.mark.parametrize(
    ("compatibility", "named"),
    [({"wagtail": ">>8"}, "'>>8'"), ({"wagtail": "acht"}, "'acht'"), ({"wagtial": ">=8"}, "'wagtial'")],
)
def test_a_malformed_compatibility_is_a_clear_error(compatibility, named):
    with pytest.raises(PluginError) as error:
        resolve_enabled(["kapot"], {"kapot": fake("kapot", compatibility=compatibility)})

    assert named in str(error.value)
    assert "maker" in str(error.value)


def test_a_disabled_plugin_may_be_incompatible(settings):
    settings.STEUNPUNT_AVAILABLE_PLUGINS = {
        **available_plugins(),
        "oud": fake("oud", source="entry point", compatibility={"wagtail": "<7"}),
    }
    settings.STEUNPUNT_ENABLED_PLUGINS = ["agenda"]
    out = StringIO()
    call_command("plugins", stdout=out)

    line = next(line for line in out.getvalue().splitlines() if line.startswith("oud "))
    assert line.rstrip().endswith("nee (past niet)")
    assert "Let op: De plugin 'oud' werkt met Wagtail <7" in out.getvalue()

    out = StringIO()
    call_command("plugins", "--json", stdout=out)
    row = next(row for row in json.loads(out.getvalue()) if row["name"] == "oud")
    assert row["compatibility"] == {"wagtail": "<7"}
    assert "Wagtail <7" in row["compatibility_problem"]
    assert row["enabled"] is False


def make_package(tmp_path, compatibility):
    """A pip-installed plugin package 'oud' in tmp_path, with ``compatibility`` in its meta."""
    package = tmp_path / "steunpunt_oud"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        textwrap.dedent(
            f"""
            from distro.plugins import PluginConfig

            class OudConfig(PluginConfig):
                name = "steunpunt_oud"
                label = "oud"

                class SteunpuntPluginMeta:
                    name = "oud"
                    verbose_name = "Oude plugin"
                    description = ""
                    version = "0.3.0"
                    requires = ()
                    compatibility = {compatibility!r}
            """
        )
    )
    dist = tmp_path / "steunpunt_oud-0.3.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: steunpunt-oud\nVersion: 0.3.0\n")
    (dist / "entry_points.txt").write_text("[steunpunt.plugins]\noud = steunpunt_oud\n")
    return tmp_path


def run_with_package(args, plugins_value, package_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNPUNT_")}
    env.update(
        STEUNPUNT_ENV="test", STEUNPUNT_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="distro.settings.test"
    )
    env["STEUNPUNT_PLUGINS"] = plugins_value
    env["PYTHONPATH"] = str(package_dir)
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)


def test_the_site_does_not_start_with_an_incompatible_plugin_enabled(tmp_path):
    package_dir = make_package(tmp_path / "pkg", {"wagtail": ">=6,<7"})

    refused = run_with_package(["-m", "distro", "check"], "all,oud", package_dir, tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith("steunpunt: De plugin 'oud' werkt met Wagtail >=6,<7")
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr

    # Switched off, it does not stop the site, and the list says why it cannot be switched on.
    listed = run_with_package(["-m", "distro", "plugins", "--json"], "all", package_dir, tmp_path)
    assert listed.returncode == 0, listed.stderr
    row = next(row for row in json.loads(listed.stdout) if row["name"] == "oud")
    assert row["enabled"] is False
    assert "Wagtail >=6,<7" in row["compatibility_problem"]


# --- Declared settings ---------------------------------------------------------------


def with_settings(name, *declared):
    return Plugin(name, f"x.{name}", f"x.{name}.apps.Config", name, "", "1.0", settings=tuple(declared))


HOURS = Setting("X_UREN", int, 24, "Uren.", validate=at_least(1))
KEY = Setting("X_SLEUTEL", str, "", "Sleutel.", secret=True)
NUMBER = Setting("X_GETAL", int, 5, "Getal.", secret=True)


def test_an_enabled_plugin_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("X_UREN", "48")
    monkeypatch.setenv("X_SLEUTEL", "abc")

    values = read_settings({"x": with_settings("x", HOURS, KEY)}, ["x"], Env())

    assert values == {"X_UREN": 48, "X_SLEUTEL": "abc"}


def test_defaults_apply_when_nothing_is_set(monkeypatch):
    monkeypatch.delenv("X_UREN", raising=False)

    assert read_settings({"x": with_settings("x", HOURS)}, ["x"], Env()) == {"X_UREN": 24}


def test_a_disabled_plugin_gets_its_defaults_and_is_not_checked(monkeypatch):
    monkeypatch.setenv("X_UREN", "nooit")

    assert read_settings({"x": with_settings("x", HOURS)}, [], Env()) == {"X_UREN": 24}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("nooit", "X_UREN (plugin x) moet een geheel getal zijn, niet 'nooit'."),
        ("0", "X_UREN (plugin x): moet 1 of meer zijn, niet 0."),
    ],
)
def test_a_bad_value_of_an_enabled_plugin_is_one_dutch_line(monkeypatch, value, expected):
    monkeypatch.setenv("X_UREN", value)

    with pytest.raises(EnvError) as error:
        read_settings({"x": with_settings("x", HOURS)}, ["x"], Env())

    assert str(error.value) == expected


def test_a_secret_value_is_not_repeated_in_the_error(monkeypatch):
    monkeypatch.setenv("X_GETAL", "geheim123")

    with pytest.raises(EnvError) as error:
        read_settings({"x": with_settings("x", NUMBER)}, ["x"], Env())

    assert "geheim123" not in str(error.value)
    assert "X_GETAL" in str(error.value)


def test_two_plugins_may_not_declare_the_same_setting():
    available = {"a": with_settings("a", HOURS), "b": with_settings("b", HOURS)}

    with pytest.raises(PluginError, match="X_UREN.*plugin 'a'"):
        read_settings(available, [], Env())


def test_a_plugin_may_not_take_a_core_setting():
    debug = Setting("DEBUG", bool, True, "Foutdetails.")

    with pytest.raises(PluginError, match="DEBUG.*de kern"):
        read_settings({"x": with_settings("x", debug)}, [], Env(), reserved={"DEBUG"})


def test_a_malformed_declaration_is_refused_when_the_plugin_is_found(monkeypatch, tmp_path):
    package = tmp_path / "steunpunt_fout"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(
        textwrap.dedent(
            """
            from distro.plugins import PluginConfig, Setting

            class FoutConfig(PluginConfig):
                name = "steunpunt_fout"

                class SteunpuntPluginMeta:
                    name = "fout"
                    verbose_name = "Fout"
                    description = ""
                    version = "1.0"
                    requires = ()
                    settings = (Setting("kleine_letters", dict, {}, "Mag niet."),)
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(PluginError, match="kleine_letters"):
        plugins._plugin_from_module("steunpunt_fout", "entry point")
