"""Turkish texts of the demo's core pages (see distro/core/demo_translations/__init__.py)."""

NAME = "Ebeveyn ve Gençlik Destek Merkezi"

TEXTS = {
    "home_title": NAME,
    "home_intro": "<p>Çocuğunuzun okulda ek yardıma ihtiyacı mı var? Ebeveyn ve Gençlik Destek Merkezi bilgi verir, sizinle birlikte düşünür ve deneyimlerinizi dinler. Ücretsiz ve bağımsız. Sen de öğrenci misin? Sen de bize gelebilirsin.</p>",
    "pillar_1_title": "Bilgilendirme",
    "pillar_1_text": (
        "Uygun eğitim (passend onderwijs) hakkında açık bilgi: haklarınız nelerdir, okul ne yapmalıdır "
        "ve bölgemizde bu nasıl işler?"
    ),
    "pillar_2_title": "Destek",
    "pillar_2_text": (
        "Bir sorunuz ya da endişeniz mi var? Bizi arayın, WhatsApp'tan yazın veya e-posta gönderin. "
        "Sizinle birlikte düşünürüz, gerekirse bir görüşmeye birlikte gideriz."
    ),
    "pillar_3_title": "Bildirme",
    "pillar_3_text": "Deneyimleriniz, bölgesel okul ortaklığının uygun eğitimi iyileştirmesine yardım eder. İsimsiz.",
    "contact_title": "Sorunuzu sorun",
    "contact_intro": (
        "<p>Uygun eğitim hakkında bir sorunuz mu var? Ya da okulda bir sorunla mı karşılaştınız? "
        "Destek merkezi sizi dinler, sizinle birlikte düşünür ve size yol gösterir. Bu ücretsizdir. "
        "Bize anlattıklarınız destek merkezinde kalır.</p>"
    ),
    "contact_form_intro": "<p>Sorunuzu buraya da yazabilirsiniz. Üç iş günü içinde sizinle iletişime geçeriz.</p>",
    "kaart_title": "Yerel yardım rehberi",
    "kaart_intro": (
        "<p>Burada bölgede ebeveynlere, çocuklara ve gençlere yardım eden kuruluşları bulursunuz. "
        "Bir konu ya da belediyenizi seçin.</p>"
    ),
    "privacy_title": "Gizlilik bildirimi",
    "toegankelijkheid_title": "Erişilebilirlik bildirimi",
    "ervaring_title": "Deneyimini paylaş",
    "agenda_title": "Etkinlik takvimi",
    "agenda_intro": (
        "<p>Destek merkezinin konu akşamları, veli toplantıları, danışma saatleri ve kursları. "
        "Katılım ücretsizdir. Lütfen kaydolun, böylece kaç kişinin geleceğini biliriz.</p>"
    ),
    "informatie_title": "Bilgi",
    "informatie_intro": (
        "<p>Burada uygun eğitim hakkında güvenilir bilgiler bulursunuz. Ebeveynler, gençler ve çocuklar için. "
        "Metinler ulusal bilgi setinden gelir ve kendiliğinden güncellenir. Birçok konuda bölgemizdeki "
        "destek merkezinin sizin için neler yapabileceğini de okursunuz.</p>"
    ),
    "regio_title": "Bölgemizde nasıl işliyor",
    "regio_intro": "Örnek bir sayfa: bölgemizde ek destek için nasıl başvurursunuz.",
    "regio_p1": (
        "<p>Çocuğunuzun, okulun normalde verdiğinden daha fazla yardıma mı ihtiyacı var? "
        "O zaman okul sizinle birlikte bir çözüm arar.</p>"
    ),
    "regio_steps_title": "Nasıl işler",
    "regio_step_1_title": "Öğretmen veya rehber öğretmenle konuşun",
    "regio_step_1_text": "<p>Ne gördüğünüzü ve çocuğunuzun neye ihtiyacı olduğunu anlatın.</p>",
    "regio_step_2_title": "Okul bir plan yapar",
    "regio_step_2_text": "<p>Sizinle birlikte. Görüşmeye her zaman yanınızda birini getirebilirsiniz.</p>",
    "regio_step_3_title": "Olmuyor mu? Destek merkezini arayın",
    "regio_step_3_text": "<p>Sizinle birlikte düşünürüz.</p>",
    "regio_faq_title": "Sık sorulan sorular",
    "regio_q1": "Destek merkezi ücretli mi?",
    "regio_a1": "<p>Hayır, destek merkezi ücretsizdir.</p>",
    "regio_q2": "Destek merkezi okula bir şey anlatır mı?",
    "regio_a2": "<p>Hayır, yalnızca siz isterseniz.</p>",
    "regio_tip_title": "Yanınızda birini getirin",
    "regio_tip_text": "<p>Okuldaki bir görüşmeye yanınızda birini getirmek çoğu zaman iyi gelir.</p>",
    "audience_1_title": "Ebeveynler için",
    "audience_1_text": "Okul, ek destek ve haklarınız hakkında.",
    "audience_2_title": "Gençler için",
    "audience_2_text": "Okulla ilgili soruların mı var? Neler yapabileceğini burada oku.",
    "audience_3_title": "Profesyoneller için",
    "audience_3_text": "Ebeveynleri ve gençleri bize nasıl yönlendirirsiniz.",
    "professionals_title": "Profesyoneller için",
    "professionals_intro": "Örnek bir sayfa: destek merkeziyle böyle birlikte çalışırsınız.",
}


def privacy(name, days):
    return [
        f"<p>{name} bilgilerinize özen gösterir. Bu sayfada hangi bilgileri, neden ve ne kadar süre sakladığımızı okursunuz.</p>",
        "Hangi bilgileri saklıyoruz?",
        "<ul><li>Bir soru sorarsanız: sorunuz, kim olduğunuz (ebeveyn, genç veya uzman) ve size nasıl ulaşabileceğimiz. Adınızı yazmak zorunda değilsiniz.</li>"
        "<li>Bir toplantıya kaydolursanız: adınız, e-posta adresiniz, kişi sayısı ve kayıt sorularına verdiğiniz cevaplar.</li>"
        "<li>Bir değerlendirme doldurursanız: cevaplarınız, adınız olmadan.</li></ul>",
        "Bu bilgileri neden saklıyoruz?",
        "<p>Yalnızca size yardım etmek için: sorunuzu cevaplamak, gelip gelemeyeceğinizi bildirmek ve işimizi daha iyi yapmak için. Bilgilerinizi satmayız ve başkalarına vermeyiz.</p>",
        "Bilgilerinizi kim görebilir?",
        "<p>Yalnızca destek merkezinin çalışanları. Destek merkezi bağımsız çalışır. Bölgesel okul ortaklığının ve okulların çalışanları sorunuzu okuyamaz. Yönetim kurulu yalnızca isimsiz sayılar görür.</p>",
        "Bilgilerinizi ne kadar süre saklıyoruz?",
        f"<ul><li>Web sitesinden gelen sorular: {days} gün. Sonra web sitesi onları kendiliğinden siler.</li><li>Toplantı kayıtları: toplantıdan bir ay sonrasına kadar. Sonra yalnızca kaç kişinin geldiğini saklarız.</li></ul>",
        "Çerezler",
        "<p>Bu web sitesi sizi takip etmek için çerez kullanmaz. Yalnızca bir form doldurduğunuzda, formu güvenli göndermek için gereken bir çerez kullanılır. Web sitesi başka web sitelerinden hiçbir şey yüklemez.</p>",
        "Haklarınız",
        "<p>Hakkınızda hangi bilgilere sahip olduğumuzu her zaman sorabilirsiniz. Bilgilerinizin değiştirilmesini veya silinmesini de isteyebilirsiniz. Bunun için bizimle iletişime geçin. Bilgilerinizi nasıl kullandığımıza katılmıyor musunuz? O zaman Hollanda Veri Koruma Kurumu'na (Autoriteit Persoonsgegevens) şikâyette bulunabilirsiniz.</p>",
    ]


def accessibility(name):
    return [
        f"<p>{name}, herkesin bu web sitesini kullanabilmesini ister. İyi göremeyen veya duyamayan, yalnızca klavye kullanan ya da okumakta zorlanan kişiler de.</p>",
        "Bunun için ne yapıyoruz?",
        "<ul><li>Kolay bir dille yazıyoruz (B1 dil seviyesi).</li>"
        "<li>Web sitesi yalnızca klavyeyle ve ekran okuyucuyla çalışır.</li>"
        "<li>Renklerin kontrastı yeterlidir. Hiçbir şey kaybolmadan yazıyı büyütebilirsiniz.</li>"
        "<li>Resimlerin bir açıklaması vardır. Videoların yazılı bir metni vardır.</li>"
        "<li>Her sayfayı erişilebilirlik kurallarına göre otomatik olarak test ediyoruz (WCAG 2.1, A ve AA seviyesi).</li></ul>",
        "Bir şey iyi çalışmıyor mu?",
        "<p>Bize bildirin. Hangi sayfada olduğunu ve neyin çalışmadığını anlatın. Beş iş günü içinde çözmeye çalışırız. Olmazsa, ne zaman hazır olacağını size bildiririz.</p>",
        "Erişilebilirlik beyanını doldurmak",
        "<p>Kamu kuruluşları resmî bir erişilebilirlik beyanı yayınlamak zorundadır. Bunu toegankelijkheidsverklaring.nl üzerinden doldurun ve beyanınızın bağlantısını buraya koyun.</p>",
    ]


#: The texts of the page for professionals, in the order of demo.PROFESSIONALS_BODY.
PROFESSIONALS_BODY = [
    "<p>Öğretmen, öğrenci rehberi, gençlik yardımı çalışanı veya okul devamsızlık görevlisi misiniz? O zaman ebeveynleri ve gençleri destek merkezine yönlendirebilirsiniz. Dinleriz, açıklarız ve birlikte düşünürüz. Destek merkezi bağımsızdır: ebeveynlerin bize anlattıkları bizde kalır.</p>",
    "Bize ne zaman yönlendirirsiniz?",
    "<ul><li>Ebeveynler okulla görüşmelerde zorlandığında.</li><li>Bir öğrenci okula gitmeden evde kaldığında veya yakında evde kalabilecekse.</li><li>Ebeveynler bölgede hangi yardımın olduğunu bilmediğinde.</li></ul>",
    "Böyle birlikte çalışırız",
    "<p>Ebeveynlerin izniyle okuldaki bir görüşmeye katılırız. Karar vermeyiz, ama ebeveynlerin ve okulun birlikte bir çözüm bulmasına yardım ederiz.</p>",
]
