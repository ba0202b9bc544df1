"""Extension points reach the core and enabled plugins only."""

import ast
import functools
import textwrap
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings

from distro.extensions import (
    HomePanel,
    PeriodicJob,
    PluginSignal,
    Registry,
    RetentionRule,
    home_page_panels,
    periodic_jobs,
    plugin_of,
    retention_rules,
)

ALL_BUT_SIGNALEN = ["agenda", "evaluatie", "informatieset_sync"]
PANEL_TEMPLATE = "steunpunt/includes/contact_details.html"


def receiver_in(module, result=None, calls=None, error=None):
    """A receiver function that looks as if it was defined in ``module``."""

    def receiver(sender, **kwargs):
        if calls is not None:
            calls.append(module)
        if error:
            raise error
        return result

    receiver.__module__ = module
    return receiver


@contextmanager
def connected(signal, *receivers):
    for receiver in receivers:
        signal.connect(receiver)
    try:
        yield
    finally:
        for receiver in receivers:
            signal.disconnect(receiver)


@pytest.fixture(autouse=True)
def only_the_tests_own_panels():
    """Real plugins add panels too (the agenda's "Binnenkort"); these tests count their own."""
    saved = list(home_page_panels.receivers)
    home_page_panels.receivers.clear()
    home_page_panels.sender_receivers_cache.clear()
    yield
    home_page_panels.receivers[:] = saved
    home_page_panels.sender_receivers_cache.clear()


def test_plugin_of_maps_modules_to_plugins():
    assert plugin_of("plugins.signalen") == "signalen"
    assert plugin_of("plugins.signalen.receivers") == "signalen"
    assert plugin_of("plugins.signalenextra.receivers") is None
    assert plugin_of("distro.core.models") is None


def test_receivers_of_disabled_plugins_are_never_called():
    signal = PluginSignal()
    calls = []
    core = receiver_in("distro.core.receivers", "core", calls)
    enabled = receiver_in("plugins.agenda.receivers", "agenda", calls)
    disabled = receiver_in("plugins.signalen.receivers", "signalen", calls)
    wrapped = functools.partial(receiver_in("plugins.signalen.other", "wrapped", calls))

    with (
        connected(signal, core, enabled, disabled, wrapped),
        override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN),
    ):
        sent = [value for _, value in signal.send(sender=None)]
        robust = [value for _, value in signal.send_robust(sender=None)]

    assert sent == robust == ["core", "agenda"]
    assert calls == ["distro.core.receivers", "plugins.agenda.receivers"] * 2


def test_enabling_the_plugin_makes_its_receiver_called():
    signal = PluginSignal()
    receiver = receiver_in("plugins.signalen.receivers", "signalen")

    with connected(signal, receiver):
        with override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN):
            assert signal.send(sender=None) == []
        with override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN + ["signalen"]):
            assert signal.send(sender=None) == [(receiver, "signalen")]


def test_send_robust_isolates_a_failing_receiver(caplog):
    signal = PluginSignal()
    error = RuntimeError("agenda is stuk")
    failing = receiver_in("plugins.agenda.receivers", error=error)
    working = receiver_in("plugins.evaluatie.receivers", "ok")

    with connected(signal, failing, working):
        responses = signal.send_robust(sender=None)

    assert responses == [(failing, error), (working, "ok")]
    assert "failed" in caplog.text


def test_send_lets_an_exception_through():
    signal = PluginSignal()

    with connected(signal, receiver_in("plugins.agenda.receivers", error=ValueError("nee"))):
        with pytest.raises(ValueError):
            signal.send(sender=None)


def test_async_receivers_are_refused():
    # Django's asend would bypass the check on disabled plugins.
    async def receiver(sender, **kwargs):
        pass

    with pytest.raises(TypeError):
        PluginSignal().connect(receiver)


def test_registry_lists_only_items_of_the_core_and_enabled_plugins():
    jobs = Registry("periodic job")
    for name, module in [
        ("kern", "distro.core.jobs"),
        ("agenda_job", "plugins.agenda.jobs"),
        ("signalen_job", "plugins.signalen.jobs"),
    ]:
        jobs.register(PeriodicJob(name, lambda: None, timedelta(hours=1), module=module))

    with override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN):
        assert [job.name for job in jobs.all()] == ["agenda_job", "kern"]
        with pytest.raises(KeyError):
            jobs.get("signalen_job")


def test_the_real_registries_hide_disabled_plugins_jobs_and_retention_rules():
    job = PeriodicJob("test_signalen_rapport", lambda: None, timedelta(days=7), module="plugins.signalen.jobs")
    rule = RetentionRule(
        "test_signalen_meldingen", "test", lambda: 30, lambda cutoff: 0, module="plugins.signalen.retention"
    )
    periodic_jobs.register(job)
    retention_rules.register(rule)
    try:
        with override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN):
            assert job not in periodic_jobs.all()
            assert rule not in retention_rules.all()
            assert "retentie" in [j.name for j in periodic_jobs.all()]
            assert "vragen" in [r.name for r in retention_rules.all()]
        assert job in periodic_jobs.all()
        assert rule in retention_rules.all()
    finally:
        periodic_jobs.unregister(job.name)
        retention_rules.unregister(rule.name)


def test_two_plugins_cannot_register_the_same_job_name():
    jobs = Registry("periodic job")
    jobs.register(PeriodicJob("opruimen", lambda: None, timedelta(hours=1), module="plugins.agenda.jobs"))
    # The same module again (a reload) is fine...
    jobs.register(PeriodicJob("opruimen", lambda: None, timedelta(hours=2), module="plugins.agenda.jobs"))

    # ...another plugin taking the name is not.
    with pytest.raises(ValueError, match="opruimen"):
        jobs.register(PeriodicJob("opruimen", lambda: None, timedelta(hours=1), module="plugins.signalen.jobs"))


# --- Home page panels, end to end ----------------------------------------------


def panel_receiver(module, title, order=100, calls=None):
    return receiver_in(module, HomePanel(title=title, template=PANEL_TEMPLATE, order=order), calls)


def test_a_plugin_panel_appears_on_the_home_page(client, site):
    agenda = panel_receiver("plugins.agenda.receivers", "Komende bijeenkomsten")

    with connected(home_page_panels, agenda):
        response = client.get("/")

    assert response.status_code == 200
    assert '<h2 id="panel-1">Komende bijeenkomsten</h2>' in response.content.decode()


def test_panels_are_shown_in_their_order(client, site):
    first = panel_receiver("plugins.signalen.receivers", "Eerste", order=10)
    second = panel_receiver("plugins.agenda.receivers", "Tweede", order=20)

    with connected(home_page_panels, second, first):
        html = client.get("/").content.decode()

    assert html.index(">Eerste</h2>") < html.index(">Tweede</h2>")


def test_a_disabled_plugins_panel_is_not_shown_and_its_code_does_not_run(client, site):
    calls = []
    agenda = panel_receiver("plugins.agenda.receivers", "Komende bijeenkomsten", calls=calls)
    signalen = panel_receiver("plugins.signalen.receivers", "Signalen van deze maand", calls=calls)

    with connected(home_page_panels, agenda, signalen), override_settings(STEUNPUNT_ENABLED_PLUGINS=ALL_BUT_SIGNALEN):
        html = client.get("/").content.decode()

    assert "Komende bijeenkomsten" in html
    assert "Signalen van deze maand" not in html
    assert calls == ["plugins.agenda.receivers"]


def test_a_broken_panel_does_not_take_the_home_page_down(client, site):
    broken = receiver_in("plugins.signalen.receivers", error=RuntimeError("database van signalen weg"))
    agenda = panel_receiver("plugins.agenda.receivers", "Komende bijeenkomsten")

    with connected(home_page_panels, broken, agenda):
        response = client.get("/")

    assert response.status_code == 200
    assert "Komende bijeenkomsten" in response.content.decode()


def test_a_receiver_that_returns_nothing_adds_no_panel(client, site):
    quiet = receiver_in("plugins.agenda.receivers", None)

    with connected(home_page_panels, quiet):
        html = client.get("/").content.decode()

    assert 'class="home-panel"' not in html


# --- Registering happens in ready(), never on import ---------------------------------

REPO = Path(__file__).resolve().parents[2]
#: Wagtail's hooks and Django's template libraries register on import by their own design
#: (wagtail_hooks.py and templatetags/ are only loaded for installed apps).
FRAMEWORK_REGISTRARS = {"hooks", "register", "template"}


def registrations_on_import(source: str) -> list[int]:
    """Lines that connect or register something when the module is imported."""
    found = []

    def registrar_call(node):
        func = node.func if isinstance(node, ast.Call) else node
        if isinstance(func, ast.Name):
            return func.id in ("receiver", "register")
        if isinstance(func, ast.Attribute) and func.attr in ("connect", "register"):
            return not (isinstance(func.value, ast.Name) and func.value.id in FRAMEWORK_REGISTRARS)
        return False

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.extend(d.lineno for d in child.decorator_list if registrar_call(d))
                if isinstance(child, ast.ClassDef):
                    visit(child)
                continue  # a function body runs when it is called, not on import
            if isinstance(child, ast.Lambda):
                continue
            if isinstance(child, ast.Call) and registrar_call(child):
                found.append(child.lineno)
            visit(child)

    visit(ast.parse(source))
    return found


def test_no_module_registers_anything_when_it_is_imported():
    # A registration at import time runs whenever anything imports the module
    # (a test, another plugin, a management command), enabled or not.
    offenders = []
    for path in sorted([*(REPO / "distro").rglob("*.py"), *(REPO / "plugins").rglob("*.py")]):
        if "migrations" in path.parts or path.name == "wagtail_hooks.py" or "templatetags" in path.parts:
            continue
        offenders += [f"{path.relative_to(REPO)}:{line}" for line in registrations_on_import(path.read_text())]
    assert not offenders, "Connect or register in a function that AppConfig.ready() calls:\n" + "\n".join(offenders)


def test_the_import_time_check_sees_decorators_and_calls():
    source = textwrap.dedent(
        """
        from distro.extensions import home_page_panels, periodic_jobs

        @receiver(pre_save)
        def a(sender, **kwargs): ...

        home_page_panels.connect(a)
        periodic_jobs.register(job)

        def connect():
            home_page_panels.connect(a)

        @hooks.register("before_delete_page")
        def b(request, page): ...
        """
    )
    assert registrations_on_import(source) == [4, 7, 8]
