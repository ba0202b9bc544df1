"""The checks every plugin's translation catalogue must pass (plugins/<name>/locale).

A plugin's translation test imports these test functions, so pytest runs them
there, and defines the ``catalogue`` fixture they take: (language code, path of
the django.po file, the file read with polib). polib comes with
wagtail-localize, so it is always installed.
"""

import gettext
import re

#: %(name)s-style (python-format) and {name}-style (python-brace-format) placeholders.
PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]")
BRACE = re.compile(r"\{\w*\}")


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
