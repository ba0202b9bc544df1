"""Translation catalogues of the evaluatie plugin (plugins/evaluatie/locale).

The plugin carries its own catalogues; Django finds an installed app's
locale/ directory by itself. Every language the site offers needs a complete
catalogue (no empty or fuzzy entries, every plural form, the same
placeholders as the Dutch text, a compiled .mo that matches the .po, and every
text the plugin's code and templates mark for translation). A visitor on
/en/ or /ar/ must meet the evaluation form, "Was deze informatie nuttig?" and
the invitation mail in that language.

polib comes with wagtail-localize, so it is always installed.
"""

import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from evaluatie_helpers import make_form
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

from distro.core.models import ContentPage
from plugins.evaluatie import blocks, forms, mailing, services
from plugins.evaluatie.forms import field_name
from plugins.evaluatie.models import Kanaal, Onderwerp, Reactie, Uitnodiging, Uitnodigingsmail

REPO = Path(__file__).resolve().parents[3]
PLUGIN = REPO / "plugins" / "evaluatie"

# Texts every visitor of an evaluation form, the "nuttig?" widget or the invitation meets.
VISITOR_STRINGS = [
    "Vul uw code in",
    "Uw code",
    "Naar de vragen",
    "De vragen",
    "Dank u wel!",
    "Uw antwoorden zijn anoniem. We bewaren niet wie u bent, ook niet welke code u gebruikte.",
    "Begin met de vragen",
    "Was deze informatie nuttig?",
    "Bedankt voor uw reactie",
    "Hoe was het? Vertel het ons",
    "U was bij: %(bijeenkomst)s.",
]
# The same texts as the code keeps them (lazy): the form's errors, the code's refusals, the scales.
LAZY_STRINGS = [
    forms.REQUIRED,
    forms.UNKNOWN_CHOICE,
    forms.TOO_LONG,
    services.UNKNOWN_CODE,
    services.EXPIRED_CODE,
    services.USED_CODE,
    services.CLOSED,
    *blocks.LIKERT.values(),
    *blocks.SMILEYS.values(),
    *blocks.JA_NEE.values(),
]


# Gettext functions whose first argument (after the context for p*gettext) is a msgid.
def test_the_marked_texts_are_found():
    # Guards the test above: it must see texts from Python, templates, blocktrans and plurals.
    texts = marked_texts(PLUGIN)
    for expected in [
        (None, "Geef hier een antwoord."),
        (None, "Vul uw code in"),
        (None, "Terug naar %(title)s"),
        (None, "De link werkt %(dagen)s dag."),
        (None, "Kies uit: %(antwoorden)s."),
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
        assert str(forms.REQUIRED) == "Geef hier een antwoord."
        assert str(services.UNKNOWN_CODE) == "Deze code kennen we niet. Kijk of u hem goed heeft overgenomen."


def test_key_messages_read_as_intended_in_english_and_arabic():
    with translation.override("en"):
        assert str(forms.REQUIRED) == "Please give an answer here."
        assert str(services.UNKNOWN_CODE) == "We do not know this code. Check that you copied it correctly."
        assert [str(label) for label in blocks.LIKERT.values()] == [
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ]
    with translation.override("ar"):
        assert str(forms.REQUIRED) == "أجب هنا من فضلك."
        assert str(services.EXPIRED_CODE) == "انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا من مركز الدعم."


def test_plural_forms_of_the_days_the_link_works():
    singular, plural = "De link werkt %(dagen)s dag.", "De link werkt %(dagen)s dagen."

    def forms_in(lang, numbers):
        with translation.override(lang):
            return [translation.ngettext(singular, plural, n) % {"dagen": n} for n in numbers]

    assert forms_in("en", (1, 30)) == ["The link works for 1 day.", "The link works for 30 days."]
    assert forms_in("ar", (1, 2, 3, 30, 100)) == [
        "يعمل الرابط لمدة يوم واحد.",
        "يعمل الرابط لمدة يومين.",
        "يعمل الرابط لمدة 3 أيام.",
        "يعمل الرابط لمدة 30 يومًا.",
        "يعمل الرابط لمدة 100 يوم.",
    ]
    assert forms_in("pl", (1, 3, 5, 22)) == [
        "Link działa przez 1 dzień.",
        "Link działa przez 3 dni.",
        "Link działa przez 5 dni.",
        "Link działa przez 22 dni.",
    ]
    assert forms_in("uk", (1, 3, 5, 21)) == [
        "Посилання працює 1 день.",
        "Посилання працює 3 дні.",
        "Посилання працює 5 днів.",
        "Посилання працює 21 день.",
    ]


# --- What a visitor sees -------------------------------------------------------------------

PROTECTION = {"website": "", "captcha_0": "x", "captcha_1": "PASSED"}

#: Dutch of the form's interface (not the editor's questions, which an untranslated copy keeps).
DUTCH_ON_THE_FORM = [
    "Vul uw code in",
    "Naar de vragen",
    "Uw code",
    "De vragen",
    "Uw antwoorden zijn anoniem",
    "Geef hier een antwoord",
    "Helemaal mee eens",
    "verplicht",
]


def visible_text(html):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def translated(page, lang):
    """The page's copy in ``lang``, as wagtail-localize makes it before an editor translates it."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=lang), copy_parents=True)
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


def ticket_of(response):
    return re.search(r'name="toegang" value="([^"]+)"', response.content.decode()).group(1)


FORM_EXPECTED = {
    "en": {
        "dir": "ltr",
        "code_title": "Enter your code",
        "code_label": "Your code",
        "button": "Go to the questions",
        "anonymous": "Your answers are anonymous.",
        "unknown": "We do not know this code. Check that you copied it correctly.",
        "not_working": "This code does not work.",
        "questions": "The questions",
        "likert": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
        "required": "Please give an answer here.",
        "bad_choice": "Choose one of the answers.",
        "thanks": "Thank you!",
    },
    "ar": {
        "dir": "rtl",
        "code_title": "اكتب رمزك",
        "code_label": "رمزك",
        "button": "إلى الأسئلة",
        "anonymous": "إجاباتك مجهولة الهوية.",
        "unknown": "لا نعرف هذا الرمز. تأكد من أنك نقلته بشكل صحيح.",
        "not_working": "هذا الرمز لا يعمل.",
        "questions": "الأسئلة",
        "likert": ["لا أوافق إطلاقًا", "لا أوافق", "محايد", "أوافق", "أوافق تمامًا"],
        "required": "أجب هنا من فضلك.",
        "bad_choice": "اختر إحدى الإجابات.",
        "thanks": "شكرًا لك!",
    },
}


@pytest.mark.django_db
@pytest.mark.usefixtures("captcha_passes")
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_evaluation_form_speaks_the_visitors_language(client, home, lang):
    expected = FORM_EXPECTED[lang]
    formulier = make_form(home)
    page = translated(formulier, lang)
    assert page.url.startswith(f"/{lang}/")

    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert (html.html["lang"], html.html["dir"]) == (lang, expected["dir"])
    assert html.select_one("#code-title").get_text(strip=True) == expected["code_title"]
    assert html.find("label", attrs={"for": "id_code"}).get_text(" ", strip=True).startswith(expected["code_label"])
    assert html.select_one(".question-form button[type=submit]").get_text(strip=True) == expected["button"]
    assert html.select_one(".evaluatie__anoniem").get_text(strip=True).startswith(expected["anonymous"])

    wrong = client.post(page.url, {"code": "ZZZZ-ZZZZ"})
    assert wrong.status_code == 400
    text = visible_text(wrong.content.decode())
    assert expected["unknown"] in text and expected["not_working"] in text

    # A code is made for the form, whatever its language; it opens the questions in the visitor's.
    started = client.post(page.url, {"code": services.invite(formulier, Kanaal.GESPREK)})
    assert started.status_code == 302 and started["Location"].startswith(page.url + "?t=")
    questions = client.get(started["Location"])
    html = BeautifulSoup(questions.content, "html.parser")
    assert html.select_one("#vragen-title").get_text(strip=True) == expected["questions"]
    likert = html.find("input", attrs={"name": field_name(formulier.vraag("likert"))}).find_parent("fieldset")
    assert [label.get_text(strip=True) for label in likert.select(".form__choice label")] == expected["likert"]

    data = {"toegang": ticket_of(questions), field_name(formulier.vraag("cijfer")): "12", **PROTECTION}
    refused = client.post(page.url, data)
    assert refused.status_code == 400 and Reactie.objects.count() == 0
    text = visible_text(refused.content.decode())
    assert expected["required"] in text and expected["bad_choice"] in text
    main = visible_text(str(BeautifulSoup(refused.content, "html.parser").select_one("main")))
    for dutch in DUTCH_ON_THE_FORM:
        assert dutch not in main, f"{dutch!r} left in Dutch on /{lang}/"

    data = {"toegang": ticket_of(refused), field_name(formulier.vraag("likert")): "4", **PROTECTION}
    done = client.post(page.url, data)
    assert done.status_code == 302
    assert expected["thanks"] in client.get(done["Location"]).content.decode()
    assert Reactie.objects.get().taal == lang


@pytest.mark.django_db
@pytest.mark.usefixtures("captcha_passes")
def test_the_read_aloud_players_are_labelled_in_english(client, home, flite):
    # The player comes from the core's form include (distro/locale), the questions from the plugin.
    formulier = make_form(home)
    page = translated(formulier, "en")
    started = client.post(page.url, {"code": services.invite(formulier, Kanaal.GESPREK)})
    html = client.get(started["Location"]).content.decode()
    labels = re.findall(r'<audio controls preload="none" src="[^"]+" aria-label="([^"]+)"', html)
    assert labels == [f"Read aloud: {block.value['vraag']}" for block in formulier.vragen]
    assert "Listen to the question" in html
    assert "Voorlezen" not in html and "Luister naar de vraag" not in html


@pytest.mark.django_db
def test_was_this_information_useful_in_english(client, home):
    page = home.add_child(instance=ContentPage(title="Thuiszitten", slug="thuiszitten", intro="Wat nu?"))
    page.save_revision().publish()
    english = translated(page, "en")
    html = BeautifulSoup(client.get(english.url).content, "html.parser")
    widget = html.select_one("#nuttig")
    assert widget.select_one("#nuttig-titel").get_text(strip=True) == "Was this information useful?"
    assert widget.form["action"] == "/en/evaluatie/nuttig/"
    assert [b.get_text(strip=True) for b in widget.select("button")] == ["Yes", "No"]
    assert "Do not write a name, address or phone number here." in widget.get_text()

    thanks = client.post("/en/evaluatie/nuttig/", {"pagina": english.pk, "nuttig": "ja"})
    assert thanks.status_code == 200
    text = visible_text(thanks.content.decode())
    assert "Thank you for your response" in text and "Bedankt" not in text
    assert f"Back to {english.title}" in text


#: Dutch words of the invitation mail that must not be left in a translated one.
DUTCH_IN_THE_MAIL = re.compile(r"\b(Hallo|Wij|vragen|anoniem|dagen|groet|Vertel|code in)\b")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "subject", "lines"),
    [
        (
            "en",
            "How was it? Let us know",
            ["Hello,", "You came to: Coffee morning.", "Go to the questions:", "The link works for 30 days."],
        ),
        ("ar", "كيف كان الأمر؟ أخبرنا", ["مرحبًا،", "لقد حضرت: Coffee morning.", "يعمل الرابط لمدة 30 يومًا."]),
        (
            "uk",
            "Як усе пройшло? Розкажіть нам",
            ["Вітаємо,", "Ви відвідали: Coffee morning.", "Посилання працює 30 днів."],
        ),
    ],
)
def test_the_invitation_after_a_meeting_comes_in_the_attendees_language(home, lang, subject, lines):
    formulier = make_form(home)
    translated(formulier, lang)
    Onderwerp.objects.create(sleutel="agenda.bijeenkomst:7", naam="Coffee morning")
    invitation = Uitnodiging.objects.create(
        formulier=formulier.translation_key,
        kanaal=Kanaal.MAIL,
        onderwerp="agenda.bijeenkomst:7",
        code_hash="-placeholder",
        geldig_tot=timezone.now() + timedelta(days=30),
    )
    row = Uitnodigingsmail.objects.create(
        uitnodiging=invitation, email="sam@example.org", taal=lang, versturen_na=timezone.now()
    )
    message = mailing.build(SimpleNamespace(object_id=row.pk))
    assert message.subject == subject
    for line in lines:
        assert line in message.body, f"{line!r} not in the {lang} mail:\n{message.body}"
    [(html, _mimetype)] = message.alternatives
    assert f'<html lang="{lang}"' in html and ('dir="rtl"' in html) == (lang == "ar")
    for part in (message.subject, message.body, visible_text(html)):
        leftover = DUTCH_IN_THE_MAIL.findall(re.sub(r"https?://\S+", "", part))
        assert not leftover, f"Dutch left in the {lang} invitation: {leftover}\n{part}"
