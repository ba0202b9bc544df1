"""Polish texts of the demo's core pages (see distro/core/demo_translations/__init__.py)."""

NAME = "Punkt wsparcia dla rodziców i młodzieży"

TEXTS = {
    "home_title": NAME,
    "home_intro": "<p>Twoje dziecko potrzebuje dodatkowej pomocy w szkole? Punkt wsparcia dla rodziców i młodzieży daje informacje, myśli razem z tobą i słucha o twoich doświadczeniach. Bezpłatnie i niezależnie. Jesteś uczniem? Ty też możesz do nas przyjść.</p>",
    "pillar_1_title": "Informujemy",
    "pillar_1_text": (
        "Jasne informacje o edukacji dostosowanej (passend onderwijs): jakie masz prawa, co musi zrobić szkoła "
        "i jak to działa w naszym regionie?"
    ),
    "pillar_2_title": "Wspieramy",
    "pillar_2_text": (
        "Masz pytanie albo martwisz się? Zadzwoń, napisz na WhatsAppie lub wyślij e-mail. "
        "Myślimy razem z tobą, a w razie potrzeby pójdziemy z tobą na rozmowę."
    ),
    "pillar_3_title": "Zgłaszamy",
    "pillar_3_text": "Twoje doświadczenia pomagają regionalnemu partnerstwu szkół ulepszać edukację dostosowaną. Anonimowo.",
    "contact_title": "Zadaj pytanie",
    "contact_intro": (
        "<p>Masz pytanie o edukację dostosowaną? Albo masz problem w szkole? "
        "Punkt wsparcia słucha, myśli razem z tobą i pomaga ci znaleźć drogę. To nic nie kosztuje. "
        "To, co nam powiesz, zostaje w punkcie wsparcia.</p>"
    ),
    "contact_form_intro": "<p>Możesz też napisać swoje pytanie tutaj. Skontaktujemy się z tobą w ciągu trzech dni roboczych.</p>",
    "kaart_title": "Wykaz lokalnej pomocy",
    "kaart_intro": (
        "<p>Tutaj znajdziesz organizacje w regionie, które pomagają rodzicom, dzieciom i młodzieży. "
        "Wybierz temat albo swoją gminę.</p>"
    ),
    "privacy_title": "Polityka prywatności",
    "toegankelijkheid_title": "Deklaracja dostępności",
    "ervaring_title": "Podziel się swoim doświadczeniem",
    "agenda_title": "Kalendarz wydarzeń",
    "agenda_intro": (
        "<p>Wieczory tematyczne, spotkania dla rodziców, dyżury i kursy punktu wsparcia. "
        "Udział jest bezpłatny. Zapisz się, żebyśmy wiedzieli, ile osób przyjdzie.</p>"
    ),
    "informatie_title": "Informacje",
    "informatie_intro": (
        "<p>Tutaj znajdziesz rzetelne informacje o edukacji dostosowanej. Dla rodziców, dla młodzieży i dla dzieci. "
        "Teksty pochodzą z krajowego zestawu informacji i aktualizują się same. Przy wielu tematach przeczytasz też, "
        "co punkt wsparcia w naszym regionie może dla ciebie zrobić.</p>"
    ),
    "regio_title": "Jak to działa w naszym regionie",
    "regio_intro": "Przykładowa strona: jak poprosić o dodatkowe wsparcie w naszym regionie.",
    "regio_p1": (
        "<p>Twoje dziecko potrzebuje więcej pomocy, niż szkoła zwykle daje? "
        "Wtedy szkoła razem z tobą szuka rozwiązania.</p>"
    ),
    "regio_steps_title": "Jak to wygląda",
    "regio_step_1_title": "Porozmawiaj z nauczycielem lub wychowawcą",
    "regio_step_1_text": "<p>Powiedz, co widzisz i czego potrzebuje twoje dziecko.</p>",
    "regio_step_2_title": "Szkoła robi plan",
    "regio_step_2_text": "<p>Razem z tobą. Zawsze możesz zabrać kogoś ze sobą na rozmowę.</p>",
    "regio_step_3_title": "Nie wychodzi? Zadzwoń do punktu wsparcia",
    "regio_step_3_text": "<p>Pomyślimy razem z tobą.</p>",
    "regio_faq_title": "Często zadawane pytania",
    "regio_q1": "Czy punkt wsparcia coś kosztuje?",
    "regio_a1": "<p>Nie, punkt wsparcia jest bezpłatny.</p>",
    "regio_q2": "Czy punkt wsparcia mówi coś szkole?",
    "regio_a2": "<p>Nie, tylko jeśli sam tego chcesz.</p>",
    "regio_tip_title": "Weź kogoś ze sobą",
    "regio_tip_text": "<p>Często dobrze jest zabrać kogoś ze sobą na rozmowę w szkole.</p>",
    "audience_1_title": "Dla rodziców",
    "audience_1_text": "O szkole, dodatkowym wsparciu i twoich prawach.",
    "audience_2_title": "Dla młodzieży",
    "audience_2_text": "Masz pytania o szkołę? Przeczytaj tutaj, co możesz zrobić.",
    "audience_3_title": "Dla specjalistów",
    "audience_3_text": "Jak kierować do nas rodziców i młodzież.",
    "professionals_title": "Dla specjalistów",
    "professionals_intro": "Przykładowa strona: tak współpracujesz z punktem wsparcia.",
}


def privacy(name, days):
    return [
        f"<p>{name} starannie dba o twoje dane. Na tej stronie przeczytasz, jakie dane przechowujemy, dlaczego i jak długo.</p>",
        "Jakie dane przechowujemy?",
        "<ul><li>Gdy zadajesz pytanie: twoje pytanie, kim jesteś (rodzic, młoda osoba lub specjalista) i jak możemy się z tobą skontaktować. Nie musisz podawać imienia.</li>"
        "<li>Gdy zapisujesz się na spotkanie: imię i nazwisko, adres e-mail, liczbę osób i odpowiedzi na pytania przy zapisie.</li>"
        "<li>Gdy wypełniasz ankietę: twoje odpowiedzi, bez imienia.</li></ul>",
        "Dlaczego przechowujemy te dane?",
        "<p>Tylko po to, żeby ci pomóc: odpowiedzieć na pytanie, dać znać, czy możesz przyjść, i ulepszać naszą pracę. Nie sprzedajemy twoich danych i nie dajemy ich innym.</p>",
        "Kto może zobaczyć twoje dane?",
        "<p>Tylko pracownicy punktu wsparcia. Punkt wsparcia działa niezależnie. Pracownicy regionalnego partnerstwa szkół i szkół nie mogą przeczytać twojego pytania. Zarząd dostaje tylko liczby, bez nazwisk.</p>",
        "Jak długo przechowujemy twoje dane?",
        f"<ul><li>Pytania przez stronę internetową: {days} dni. Potem strona sama je usuwa.</li><li>Zapisy na spotkania: miesiąc po spotkaniu. Potem przechowujemy tylko to, ile osób przyszło.</li></ul>",
        "Pliki cookie",
        "<p>Ta strona nie używa plików cookie, żeby cię śledzić. Tylko gdy wypełniasz formularz, strona zapisuje plik cookie potrzebny do bezpiecznego wysłania formularza. Strona nie ładuje niczego z innych stron.</p>",
        "Twoje prawa",
        "<p>Zawsze możesz zapytać, jakie dane o tobie mamy. Możesz też poprosić o zmianę lub usunięcie swoich danych. Skontaktuj się z nami w tej sprawie. Nie zgadzasz się z tym, jak postępujemy z twoimi danymi? Wtedy możesz złożyć skargę do holenderskiego urzędu ochrony danych (Autoriteit Persoonsgegevens).</p>",
    ]


def accessibility(name):
    return [
        f"<p>{name} chce, żeby każdy mógł korzystać z tej strony. Także osoby, które słabo widzą lub słyszą, używają tylko klawiatury albo mają trudności z czytaniem.</p>",
        "Co w tym celu robimy?",
        "<ul><li>Piszemy prostym językiem (poziom B1).</li>"
        "<li>Strona działa z samą klawiaturą i z czytnikiem ekranu.</li>"
        "<li>Kolory mają wystarczający kontrast. Możesz powiększyć tekst i nic nie zniknie.</li>"
        "<li>Obrazy mają opis. Filmy mają tekst do przeczytania.</li>"
        "<li>Automatycznie sprawdzamy każdą stronę pod kątem wymagań dostępności (WCAG 2.1, poziom A i AA).</li></ul>",
        "Coś nie działa dobrze?",
        "<p>Daj nam znać. Napisz, na której stronie to było i co nie działało. Staramy się to naprawić w ciągu pięciu dni roboczych. Jeśli się nie uda, powiemy ci, kiedy będzie gotowe.</p>",
        "Wypełnianie deklaracji dostępności",
        "<p>Instytucje publiczne muszą opublikować oficjalną deklarację dostępności. Wypełnij ją na stronie toegankelijkheidsverklaring.nl i wstaw tutaj link do swojej deklaracji.</p>",
    ]


#: The texts of the page for professionals, in the order of demo.PROFESSIONALS_BODY.
PROFESSIONALS_BODY = [
    "<p>Jesteś nauczycielem, koordynatorem wsparcia w szkole, pracownikiem pomocy dla młodzieży albo urzędnikiem do spraw obowiązku szkolnego? Możesz wtedy kierować rodziców i młodzież do punktu wsparcia. Słuchamy, wyjaśniamy i myślimy razem z nimi. Punkt wsparcia jest niezależny: to, co mówią nam rodzice, zostaje u nas.</p>",
    "Kiedy kierować do nas?",
    "<ul><li>Gdy rozmowy rodziców ze szkołą utknęły w miejscu.</li><li>Gdy uczeń siedzi w domu bez szkoły albo może to wkrótce nastąpić.</li><li>Gdy rodzice nie wiedzą, jaka pomoc jest w regionie.</li></ul>",
    "Tak współpracujemy",
    "<p>Za zgodą rodziców bierzemy udział w rozmowie w szkole. Nie podejmujemy decyzji, ale pomagamy rodzicom i szkole wspólnie znaleźć rozwiązanie.</p>",
]
