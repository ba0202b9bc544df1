"""The checks every plugin's translation catalogue must pass (plugins/<name>/locale).

A plugin's translation test sets ``PLUGIN`` (the plugin's folder) and imports
these test functions and the ``catalogue`` fixture, so pytest runs them there.
``catalogue`` is (language code, path of the django.po file, the file read with
polib), once per language the site translates to. polib comes with
wagtail-localize, so it is always installed.
"""

import ast
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

REPO = Path(__file__).resolve().parents[1]
CORE_LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

#: %(name)s-style (python-format) and {name}-style (python-brace-format) placeholders.
PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]")
BRACE = re.compile(r"\{\w*\}")


GETTEXT_CALLS = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
    "npgettext": 1,
    "npgettext_lazy": 1,
}


def po_path(lang, locale_dir):
    return locale_dir / lang / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", params=TRANSLATED)
def catalogue(request):
    lang, plugin = request.param, request.module.PLUGIN
    path = po_path(lang, plugin / "locale")
    assert path.exists(), (
        f"no plugin catalogue for {lang}: run makemessages in plugins/{plugin.name}, see docs/translations.md"
    )
    return lang, path, polib.pofile(str(path))


def test_every_default_language_has_a_po_and_mo_file(request):
    for lang in ["en", "ar", "tr", "pl", "uk"]:
        path = po_path(lang, request.module.PLUGIN / "locale")
        assert path.exists() and path.with_suffix(".mo").exists(), path


def test_shared_texts_agree_with_the_core_catalogue(catalogue):
    # Django lets the core catalogue win for a msgid both have ("Datum", "Fout:"): a different
    # plugin translation would never be shown and only mislead translators.
    lang, path, po = catalogue
    differ = shared_texts_that_differ(po, polib.pofile(str(po_path(lang, CORE_LOCALE))))
    assert not differ, f"{path}: differs from distro/locale: {differ}"


def test_shared_texts_agree_with_other_plugins(catalogue, request):
    # Between plugins the app listed first in INSTALLED_APPS wins, so a text both translate
    # ("Voor wie", "Thema") must read the same in both.
    lang, path, po = catalogue
    mine = request.module.PLUGIN / "locale"
    for other in sorted(p for p in (REPO / "plugins").glob("*/locale") if p != mine):
        if po_path(lang, other).exists():
            differ = shared_texts_that_differ(po, polib.pofile(str(po_path(lang, other))))
            assert not differ, f"{path}: differs from {other}: {differ}"


def test_every_text_marked_in_the_plugin_is_in_the_catalogue(catalogue, request):
    lang, path, po = catalogue
    plugin = request.module.PLUGIN
    # A text the core also has is shown from the core catalogue (it wins), so it counts as known.
    core = polib.pofile(str(po_path(lang, CORE_LOCALE)))
    known = {(e.msgctxt, e.msgid) for e in [*po, *core] if not e.obsolete}
    missing = sorted(text for context, text in marked_texts(plugin) - known)
    assert not missing, f"{path}: run makemessages in plugins/{plugin.name} and translate: {missing[:10]}"


def shared_texts_that_differ(po, other):
    texts = {(e.msgctxt, e.msgid): e.msgstr for e in other if not e.obsolete and not e.msgid_plural and e.msgstr}
    return [
        (e.msgid, e.msgstr, texts[(e.msgctxt, e.msgid)])
        for e in po
        if not e.obsolete
        and not e.msgid_plural
        and (e.msgctxt, e.msgid) in texts
        and e.msgstr != texts[(e.msgctxt, e.msgid)]
    ]


def _call_arguments(source, start):
    """The text between the parenthesis at ``start`` and its partner, skipping quoted strings."""
    depth, i, quote = 0, start, None
    while i < len(source):
        char = source[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return source[start + 1 : i]
        i += 1
    return None


def _msgids_in_calls(tree):
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        position = GETTEXT_CALLS[name]
        args = node.args
        if len(args) > position and isinstance(args[position], ast.Constant) and isinstance(args[position].value, str):
            context = args[0].value if position and isinstance(args[0], ast.Constant) else None
            found.add((context, args[position].value))
    return found


def marked_texts(plugin):
    """Every (context, msgid) the Python code and templates in the folder ``plugin`` mark for translation."""
    found = set()
    for path in plugin.rglob("*.py"):
        if "migrations" not in path.parts:
            found |= _msgids_in_calls(ast.parse(path.read_text(encoding="utf-8")))
    for path in [*plugin.rglob("*.html"), *plugin.rglob("*.txt")]:
        # templatize is what makemessages uses: {% trans %} and {% blocktrans %} become gettext calls.
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in re.finditer(r"\b(n?p?gettext|_)\(", code):
            inner = _call_arguments(code, match.end() - 1)
            if inner is not None:
                found |= _msgids_in_calls(ast.parse(f"{match.group(1)}({inner})", mode="eval"))
    return found


def placeholders(text):
    return set(PERCENT.findall(text)) | set(BRACE.findall(text))


def test_catalogue_header_is_final(catalogue):
    lang, path, po = catalogue
    assert not po.metadata_is_fuzzy, f"{path}: remove the '#, fuzzy' header flag"
    assert po.metadata.get("Language") == lang
    assert "nplurals=" in po.metadata.get("Plural-Forms", "")
    assert len([e for e in po if not e.obsolete]) > 200, (
        f"{path} looks empty: run makemessages from the plugin directory"
    )


def test_catalogue_is_complete_and_not_fuzzy(catalogue):
    lang, path, po = catalogue
    forms = int(re.search(r"nplurals\s*=\s*(\d+)", po.metadata["Plural-Forms"]).group(1))
    entries = [e for e in po if not e.obsolete]
    untranslated = [e.msgid for e in entries if not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    wrong_plurals = [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr_plural) != list(range(forms))]
    assert not untranslated, f"{path}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{path}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"
    assert not wrong_plurals, f"{path}: need {forms} plural forms: {wrong_plurals}"


def test_translations_keep_the_placeholders(catalogue):
    lang, path, po = catalogue
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            found = placeholders(text)
            # A plural form may leave out the number ("one place"), never add an unknown name.
            if found - wanted or (not entry.msgid_plural and found != wanted):
                problems.append((entry.msgid, text))
    assert not problems, f"{path}: placeholders differ: {problems}"


def test_compiled_catalogue_matches_the_po_file(catalogue):
    lang, path, po = catalogue
    with open(path.with_suffix(".mo"), "rb") as mo:
        # _catalog keys: msgid, or (msgid, n) for plural forms; "context\x04msgid" with a context.
        compiled = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in po:
        if entry.obsolete:
            continue
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            ok = all(compiled.get((msgid, n)) == text for n, text in entry.msgstr_plural.items())
        else:
            ok = compiled.get(msgid) == entry.msgstr
        if not ok:
            stale.append(entry.msgid)
    assert not stale, f"{path.with_suffix('.mo')} is out of date (compile it, see docs/translations.md): {stale[:10]}"
