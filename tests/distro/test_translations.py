"""Translation catalogues of the distro core (distro/locale).

Dutch is the source language. Every other language the site offers needs a
complete catalogue: no empty or fuzzy entries, every plural form filled in,
the same placeholders as the Dutch text, and a compiled .mo that matches the
.po (the .mo files are committed because a fresh machine may lack gettext).

The .po files are read with a small parser here, so the test needs neither
gettext nor polib.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Strings every visitor meets: skip link, search, footer, form, contact form choices.
KEY_STRINGS = [
    "Naar de inhoud",
    "Zoeken op de website",
    "Zoeken",
    "Contact met het steunpunt",
    "Kies een taal",
    "Versturen",
    "Verstuur uw vraag",
    "Ouder of verzorger",
    "Ouder- en jeugdsteunpunt",
]

PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]")


def parse_po(path):
    """Return (header, entries) of a .po file; obsolete (#~) entries are skipped.

    Each entry is a dict with msgid, msgid_plural (or None), msgstr (a list:
    one item, or one per plural form), flags and the line it starts on.
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set(), "msgid_plural": None, "msgstr": {}, "line": lineno}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[(\d+)\])?|msgctxt)\s+(\".*\")$", line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgid", "msgctxt") and entry is not None and "msgid" in entry:
                finish()
                entry = None
            entry = entry or {"flags": set(), "msgid_plural": None, "msgstr": {}, "line": lineno}
            key = (
                ("msgstr", int(index))
                if index is not None
                else ("msgstr", 0)
                if keyword == "msgstr"
                else (keyword, None)
            )
            value = ast.literal_eval(literal)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] = value
            else:
                entry[key[0]] = value
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] = entry["msgstr"][key[1]] + value
            else:
                entry[key[0]] += value
        else:
            raise AssertionError(f"{path}:{lineno}: cannot parse {raw!r}")
    finish()
    for item in entries:
        item["msgstr"] = [item["msgstr"][i] for i in sorted(item["msgstr"])]
    header = next(item for item in entries if item["msgid"] == "")
    return header, [item for item in entries if item["msgid"] != ""]


def nplurals(header):
    match = re.search(r"nplurals\s*=\s*(\d+)", header["msgstr"][0])
    assert match, "no Plural-Forms header"
    return int(match.group(1))


def po_path(lang):
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", params=TRANSLATED)
def catalogue(request):
    lang = request.param
    path = po_path(lang)
    assert path.exists(), f"no catalogue for {lang}: run makemessages, see docs/translations.md"
    header, entries = parse_po(path)
    return lang, path, header, entries


def test_the_default_languages_are_offered_and_have_catalogues():
    for lang in ["en", "ar", "tr", "pl", "uk"]:
        assert po_path(lang).exists(), lang
        assert po_path(lang).with_suffix(".mo").exists(), lang


def test_catalogue_header_is_final(catalogue):
    lang, path, header, entries = catalogue
    assert "fuzzy" not in header["flags"], f"{path}: remove the '#, fuzzy' header flag"
    assert f"Language: {lang}\n" in header["msgstr"][0]
    assert len(entries) > 100, f"{path} looks empty: run makemessages from distro/"


def test_catalogue_is_complete(catalogue):
    lang, path, header, entries = catalogue
    forms = nplurals(header)
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    wrong_plurals = [e["msgid"] for e in entries if e["msgid_plural"] is not None and len(e["msgstr"]) != forms]
    assert not untranslated, f"{path}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{path}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"
    assert not wrong_plurals, f"{path}: need {forms} plural forms: {wrong_plurals}"


def test_translations_keep_the_placeholders(catalogue):
    lang, path, header, entries = catalogue
    problems = []
    for entry in entries:
        wanted = set(PLACEHOLDER.findall(entry["msgid"])) | set(PLACEHOLDER.findall(entry["msgid_plural"] or ""))
        for text in entry["msgstr"]:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may leave out the number ("one result"), never add an unknown name.
            if found - wanted or (entry["msgid_plural"] is None and found != wanted):
                problems.append((entry["msgid"], text))
    assert not problems, f"{path}: placeholders differ: {problems}"


def test_compiled_catalogue_matches_the_po_file(catalogue):
    lang, path, header, entries = catalogue
    with open(path.with_suffix(".mo"), "rb") as mo:
        # _catalog keys: msgid, or (msgid, n) for plural forms.
        compiled = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in entries:
        if entry["msgid_plural"] is None:
            ok = compiled.get(entry["msgid"]) == entry["msgstr"][0]
        else:
            ok = all(compiled.get((entry["msgid"], n)) == text for n, text in enumerate(entry["msgstr"]))
        if not ok:
            stale.append(entry["msgid"])
    assert not stale, f"{path.with_suffix('.mo')} is out of date (run compilemessages): {stale[:10]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_key_strings_are_translated(lang):
    with translation.override(lang):
        for text in KEY_STRINGS:
            assert translation.gettext(text) != text, f"{text!r} is not translated into {lang}"
        assert translation.ngettext("%(counter)s organisatie gevonden", "%(counter)s organisaties gevonden", 3) != (
            "%(counter)s organisaties gevonden"
        )


def test_dutch_stays_dutch():
    with translation.override("nl"):
        for text in KEY_STRINGS:
            assert translation.gettext(text) == text


def test_arabic_plural_forms():
    plural = "%(counter)s organisaties gevonden"
    with translation.override("ar"):
        forms = {n: translation.ngettext("%(counter)s organisatie gevonden", plural, n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 5, forms  # 11-99 and 100+ share a form in this message
    assert "%(counter)s" in forms[3]


def skip_link(html):
    link = html.find("a", class_="skip-link")
    assert link is not None
    return link.get_text(strip=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path,lang,direction,skip_text",
    [("/en/", "en", "ltr", "Skip to content"), ("/ar/", "ar", "rtl", "انتقل إلى المحتوى")],
)
def test_public_pages_show_the_translated_interface(client, site, path, lang, direction, skip_text):
    response = client.get(path)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert (html.html["lang"], html.html["dir"]) == (lang, direction)
    assert skip_link(html) == skip_text
    assert "Naar de inhoud" not in response.content.decode()
    with translation.override(lang):
        search_label = translation.gettext("Zoeken op de website")
        footer_title = translation.gettext("Meer informatie")
    assert html.find("label", attrs={"for": "site-search-q"}).get_text(strip=True) == search_label
    # The home page shows the contact details itself, so the footer leaves them out.
    assert html.find(id="footer-menu-title").get_text(strip=True) == footer_title


@pytest.mark.django_db
def test_dutch_page_keeps_the_dutch_interface(client, site):
    html = BeautifulSoup(client.get("/").content, "html.parser")
    assert skip_link(html) == "Naar de inhoud"
    assert (html.html["lang"], html.html["dir"]) == ("nl", "ltr")


@pytest.mark.django_db
def test_contact_form_is_translated(client, site):
    response = client.get("/en/stel-je-vraag/vraag/")
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert "Parent or carer" in text
    assert "Ouder of verzorger" not in text


def test_server_error_page_follows_the_language():
    from django.template.loader import render_to_string

    with translation.override("ar"):
        html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert html.h1.get_text(strip=True) == "حدث خطأ ما"
    with translation.override("nl"):
        assert "Er ging iets mis" in render_to_string("500.html")
