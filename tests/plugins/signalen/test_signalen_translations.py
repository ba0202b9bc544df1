"""Translation catalogues of the signalen plugin (plugins/signalen/locale).

The plugin carries its own catalogues; Django finds an installed app's
locale/ directory by itself. Every language the site offers needs a complete
catalogue (no empty or fuzzy entries, every plural form, the same
placeholders as the Dutch text, a compiled .mo that matches the .po, and every
text the plugin's code and templates mark for translation). Texts the plugin
shares with the core or another plugin get the same translation there. A
visitor on /en/ or /ar/ meets "Deel je ervaring" and its form in that
language, and a board member whose admin speaks English reads the report's
headings in English.

polib comes with wagtail-localize, so it is always installed.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from plugin_catalogue_checks import (  # noqa: F401 - pytest runs the imported tests here
    TRANSLATED,
    catalogue,
    marked_texts,
    test_catalogue_header_is_final,
    test_catalogue_is_complete_and_not_fuzzy,
    test_compiled_catalogue_matches_the_po_file,
    test_every_default_language_has_a_po_and_mo_file,
    test_every_text_marked_in_the_plugin_is_in_the_catalogue,
    test_shared_texts_agree_with_other_plugins,
    test_shared_texts_agree_with_the_core_catalogue,
    test_translations_keep_the_placeholders,
)
from wagtail.models import Locale

from plugins.signalen import periods, public_forms, structure
from plugins.signalen.models import ErvaringPage
from plugins.signalen.registraties import Aard, Registratie, Schoolsoort, Vraagsteller

REPO = Path(__file__).resolve().parents[3]
PLUGIN = REPO / "plugins" / "signalen"

# Texts a visitor of "Deel je ervaring" or "Wat we horen" meets.
VISITOR_STRINGS = [
    "Deel je ervaring",
    "Schrijf je ervaring op",
    "Je ervaring",
    "Verstuur je ervaring",
    "Bedankt voor je ervaring",
    "Schrijf geen namen, adressen of telefoonnummers op. Die halen wij eruit.",
    "Waar de vragen over gingen",
    "Er is nog geen verslag. Kom later terug.",
    "Aantallen kleiner dan %(k)s staan er niet in.",
]
# The same texts as the code keeps them (lazy): the form's labels and errors, the choices, the pages' intro.
LAZY_STRINGS = [
    public_forms.ErvaringForm.base_fields["wie"].label,
    public_forms.ErvaringForm.base_fields["wie"].error_messages["required"],
    public_forms.ErvaringForm.base_fields["ervaring"].label,
    public_forms.ErvaringForm.base_fields["ervaring"].error_messages["required"],
    public_forms.ErvaringForm.base_fields["ervaring"].error_messages["max_length"],
    public_forms.ErvaringForm.base_fields["schoolsoort"].label,
    *(label for value, label in Vraagsteller.choices if value != "professional"),  # "Professional" is English
    *Schoolsoort.labels,
    *(label for value, label in Aard.choices if value != "compliment"),  # so is "Compliment"
    *(breakdown.title for breakdown in structure.BREAKDOWNS),
]


def test_the_marked_texts_are_found():
    # Guards the test above: it must see texts from Python, templates, blocktrans and the mail.
    texts = marked_texts(PLUGIN)
    for expected in [
        (None, "Kies wie je bent."),  # public_forms.py
        (None, "Verslag kwartaal %(nummer)s %(jaar)s"),  # periods.py, gettext
        (None, "Bedankt voor je ervaring"),  # {% trans %}
        (None, "Verstuur je ervaring"),  # _("...") in a template tag's argument
        (None, "In totaal %(totaal)s minuten, gemiddeld %(gemiddeld)s minuten per contact."),  # blocktrans
        (None, "U kunt het verslag ook lezen als u inlogt:"),  # the mail (.txt)
    ]:
        assert expected in texts, expected


# --- The catalogue at runtime -----------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATED)
def test_visitor_texts_are_translated_at_runtime(lang):
    with translation.override(lang):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) != text, f"{text!r} is not translated into {lang}"
        for lazy in LAZY_STRINGS:
            with translation.override("nl"):
                dutch = str(lazy)
            assert str(lazy) != dutch, f"{dutch!r} is not translated into {lang}"


def test_dutch_stays_dutch():
    with translation.override("nl"):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) == text
        assert str(public_forms.ErvaringForm.base_fields["wie"].error_messages["required"]) == "Kies wie je bent."


def test_report_titles_keep_their_numbers_in_every_language():
    import datetime

    for lang in TRANSLATED:
        with translation.override(lang):
            quarter = periods.describe("kwartaal", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
            year = periods.describe("jaar", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        assert "2" in quarter and "2026" in quarter and "Verslag" not in quarter, (lang, quarter)
        assert "2026" in year and "Jaarverslag" not in year, (lang, year)
    with translation.override("en"):
        assert periods.describe("kwartaal", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)) == (
            "Report for quarter 2 2026"
        )


# --- What a visitor sees ---------------------------------------------------------------------

PROTECTION = {"website": "", "captcha_0": "x", "captcha_1": "PASSED"}

#: Dutch of the form's interface that must not be left on a translated page.
DUTCH_ON_THE_FORM = [
    "Deel je ervaring",
    "Ik ben",
    "Ouder",
    "Jongere",
    "Soort school",
    "Basisonderwijs",
    "Je ervaring",
    "Schrijf geen namen",
    "Verstuur je ervaring",
    "Schrijf iets over je ervaring",
    "Kies wie je bent",
]

EXPECTED = {
    "en": {
        "dir": "ltr",
        "button": "Write down your experience",
        "who": "I am",
        "roles": ["Parent", "Young person", "Professional", "Other"],
        "school": "Type of school (if you like)",
        "primary": "Primary school (po)",
        "experience": "Your experience",
        "help": "Do not write down names, addresses or phone numbers. We take them out.",
        "submit": "Send your experience",
        "no_text": "Write something about your experience.",
        "no_role": "Choose who you are.",
        "too_long": "Your text is too long: at most 2000 characters (now 2001).",
        "thanks": "Thank you for sharing your experience",
    },
    "ar": {
        "dir": "rtl",
        "button": "اكتب تجربتك",
        "who": "من أنت؟",
        "roles": ["ولي أمر", "شاب", "مختص", "غير ذلك"],
        "school": "نوع المدرسة (إن أردت)",
        "primary": "التعليم الابتدائي (po)",
        "experience": "تجربتك",
        "help": "لا تكتب أسماء أو عناوين أو أرقام هواتف. نحن نحذفها.",
        "submit": "أرسل تجربتك",
        "no_text": "اكتب شيئًا عن تجربتك.",
        "no_role": "اختر من أنت.",
        "too_long": "نصك طويل جدًا: الحد الأقصى 2000 حرفًا (الآن 2001).",
        "thanks": "شكرًا لمشاركة تجربتك",
    },
}


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def main_text(response):
    """The text of <main> without the editors' own text of an untranslated copy (marked lang="nl")."""
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.select_one("main") or soup
    for dutch in main.select('[lang="nl"]'):
        dutch.decompose()
    return visible_text(str(main))


def ervaring_page_in(lang):
    """The "Deel je ervaring" page of the demo in ``lang`` (the installation gives every language a copy)."""
    page = ErvaringPage.objects.live().filter(locale=Locale.objects.get(language_code=lang)).first()
    assert page is not None, f"the demo site has no 'Deel je ervaring' page in {lang}"
    return page


@pytest.mark.django_db
@pytest.mark.usefixtures("captcha_passes")
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_share_your_experience_speaks_the_visitors_language(client, site, lang):
    expected = EXPECTED[lang]
    page = ervaring_page_in(lang)
    assert page.url.startswith(f"/{lang}/")

    intro = client.get(page.url)
    assert intro.status_code == 200
    html = BeautifulSoup(intro.content, "html.parser")
    assert (html.html["lang"], html.html["dir"]) == (lang, expected["dir"])
    assert html.select_one("main a.button").get_text(strip=True) == expected["button"]
    if not page.intro:  # the default intro comes from the catalogue
        with translation.override(lang):
            from plugins.signalen.views import DEFAULT_INTRO

            assert str(DEFAULT_INTRO) in main_text(intro)

    form_url = page.url + "formulier/"
    form = client.get(form_url)
    assert form.status_code == 200
    html = BeautifulSoup(form.content, "html.parser")
    who = html.find("input", attrs={"name": "wie"}).find_parent("fieldset")
    assert who.legend.get_text(" ", strip=True).startswith(expected["who"])
    assert [label.get_text(strip=True) for label in who.find_all("label")] == expected["roles"]
    school = html.find("input", attrs={"name": "schoolsoort"}).find_parent("fieldset")
    assert school.legend.get_text(" ", strip=True).startswith(expected["school"])
    assert expected["primary"] in school.get_text(" ", strip=True)
    label = html.find("label", attrs={"for": "id_ervaring"})
    assert label.get_text(" ", strip=True).startswith(expected["experience"])
    assert expected["help"] in visible_text(str(html))
    assert html.select_one("main button[type=submit]").get_text(strip=True) == expected["submit"]

    refused = client.post(form_url, {"wie": "", "schoolsoort": "", "ervaring": "", **PROTECTION})
    assert refused.status_code == 400 and Registratie.objects.count() == 0
    text = main_text(refused)
    assert expected["no_text"] in text and expected["no_role"] in text
    for dutch in DUTCH_ON_THE_FORM:
        assert dutch not in text, f"{dutch!r} left in Dutch on /{lang}/"

    too_long = client.post(form_url, {"wie": "ouder", "ervaring": "x" * 2001, **PROTECTION})
    assert too_long.status_code == 400 and expected["too_long"] in main_text(too_long)

    sent = client.post(form_url, {"wie": "jongere", "schoolsoort": "vo", "ervaring": "Goed geholpen.", **PROTECTION})
    assert sent.status_code == 302 and sent["Location"].startswith(page.url)
    thanks = client.get(sent["Location"])
    assert expected["thanks"] in main_text(thanks) and "Bedankt" not in main_text(thanks)
    assert Registratie.objects.get().vraagsteller == "jongere"


@pytest.mark.django_db
def test_the_home_page_invites_to_share_an_experience_in_english(client, site):
    from wagtail.models import Page

    home = Page.objects.get(depth=2, locale__language_code="en").specific
    text = main_text(client.get(home.url))
    assert "Share your experience" in text
    assert "You share your experience anonymously" in text
    assert "Deel je ervaring" not in text


# --- What a board member sees ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_screen_speaks_english_to_a_board_member_who_chose_english(client, bestuurder, rapport):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(bestuurder)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(bestuurder)

    index = client.get(reverse("signalen_rapporten:index"))
    assert index.status_code == 200
    soup = BeautifulSoup(index.content, "html.parser")
    assert soup.select_one("#bewaarde-verslagen").get_text(strip=True) == "Saved reports"
    assert [th.get_text(strip=True) for th in soup.select("table.listing thead th")] == [
        "Report",
        "Period",
        "Created on",
    ]
    assert "Anonymous reports about the questions and signals" in visible_text(index.content.decode())

    detail = client.get(reverse("signalen_rapporten:detail", args=[rapport.pk]))
    assert detail.status_code == 200
    soup = BeautifulSoup(detail.content, "html.parser")
    headings = [h2.get_text(strip=True) for h2 in soup.select(".verslag h2")]
    for heading in [
        "How to read this report",
        "Time the support centre spent on it",
        "Themes",
        "Channel",
        "Who is asking",
        "Type of school",
        "Type of contact",
        "Action taken",
        "Themes per type of school",
        "Type of contact and action taken",
        "Channel and who is asking",
    ]:
        assert heading in headings, f"{heading!r} not among the report's headings: {headings}"
    assert [a.get_text(strip=True) for a in soup.select(".verslag a.button")] == ["Download as PDF", "Download as CSV"]
    first_table = soup.select_one(".verslag-cijfers thead")
    assert [th.get_text(strip=True) for th in first_table.select("th")][0] == "Category"
    text = visible_text(str(soup.select_one(".verslag")))
    assert "Period:" in text and "Created on" in text
    for dutch in ("Zo leest u dit verslag", "Tijd die het steunpunt", "Soort contact", "Wie vraagt", "Categorie"):
        assert dutch not in text, f"{dutch!r} left in Dutch on the English report screen"
    # The categories too, although the report stored them in Dutch when it was made.
    rows = [th.get_text(strip=True) for th in soup.select(".verslag-cijfers tbody th")]
    assert "Phone" in rows and "Parent" in rows and "Unknown" in rows, rows
    assert "Telefoon" not in rows and "Ouder" not in rows and "Onbekend" not in rows, rows
