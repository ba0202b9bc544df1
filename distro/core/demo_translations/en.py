"""English texts of the demo's core pages (see distro/core/demo_translations/__init__.py)."""

NAME = "Parent and youth support centre"

TEXTS = {
    "home_title": NAME,
    "home_intro": "<p>Does your child need extra help at school? The parent and youth support centre gives information, thinks along with you and listens to your experiences. Free and independent. Are you a pupil yourself? You can come to us too.</p>",
    "pillar_1_title": "Informing",
    "pillar_1_text": (
        "Clear information about inclusive education: what are your rights, what must the school do "
        "and how does it work in our region?"
    ),
    "pillar_2_title": "Supporting",
    "pillar_2_text": (
        "A question or a worry? Call, text or email us. We think along with you and can even come to a meeting with you."
    ),
    "pillar_3_title": "Signalling",
    "pillar_3_text": "Your experiences help the regional partnership make inclusive education better. Anonymously.",
    "contact_title": "Ask your question",
    "contact_intro": (
        "<p>Do you have a question about inclusive education? Or are you stuck at school? "
        "The support centre listens, thinks along with you and helps you on your way. It is free. "
        "What you tell us stays with the support centre.</p>"
    ),
    "contact_form_intro": "<p>You can also write down your question here. We will contact you within three working days.</p>",
    "kaart_title": "Directory of local help",
    "kaart_intro": (
        "<p>Here you will find organisations in the region that help parents, children and young people. "
        "Choose a theme or your municipality.</p>"
    ),
    "privacy_title": "Privacy statement",
    "toegankelijkheid_title": "Accessibility statement",
    "ervaring_title": "Share your experience",
    "agenda_title": "Events calendar",
    "agenda_intro": (
        "<p>Theme evenings, parent meetings, consultation hours and courses of the support centre. "
        "Taking part is free. Please sign up, so we know how many people are coming.</p>"
    ),
    "informatie_title": "Information",
    "informatie_intro": (
        "<p>Here you will find reliable information about inclusive education. For parents, for young people "
        "and for children. The texts come from the national information set and are updated automatically. "
        "For many topics you can also read what the support centre in our region can do for you.</p>"
    ),
    "regio_title": "How it works in our region",
    "regio_intro": "An example page: how to ask for extra support in our region.",
    "regio_p1": (
        "<p>Does your child need more help than the school normally gives? "
        "Then the school will look for a solution together with you.</p>"
    ),
    "regio_steps_title": "How it works",
    "regio_step_1_title": "Talk to the teacher or mentor",
    "regio_step_1_text": "<p>Say what you see and what your child needs.</p>",
    "regio_step_2_title": "The school makes a plan",
    "regio_step_2_text": "<p>Together with you. You may always bring someone to the meeting.</p>",
    "regio_step_3_title": "Still not working? Call the support centre",
    "regio_step_3_text": "<p>We will think along with you.</p>",
    "regio_faq_title": "Frequently asked questions",
    "regio_q1": "Does the support centre cost money?",
    "regio_a1": "<p>No, the support centre is free.</p>",
    "regio_q2": "Does the support centre tell the school anything?",
    "regio_a2": "<p>No, only if you want that yourself.</p>",
    "regio_tip_title": "Bring someone with you",
    "regio_tip_text": "<p>It often helps to bring someone with you to a meeting at school.</p>",
    "audience_1_title": "For parents",
    "audience_1_text": "About school, extra support and your rights.",
    "audience_2_title": "For young people",
    "audience_2_text": "Questions about school? Read here what you can do.",
    "audience_3_title": "For professionals",
    "audience_3_text": "How to refer parents and young people to us.",
    "professionals_title": "For professionals",
    "professionals_intro": "An example page: how to work together with the support centre.",
}


def privacy(name, days):
    return [
        f"<p>{name} takes good care of your data. On this page you can read which data we keep, why and for how long.</p>",
        "Which data do we keep?",
        "<ul><li>If you ask a question: your question, who you are (parent, young person or professional) and how we can reach you. You may leave out your name.</li>"
        "<li>If you sign up for a meeting: your name, email address, the number of people and your answers to the questions on the form.</li>"
        "<li>If you fill in an evaluation: your answers, without your name.</li></ul>",
        "Why do we keep this data?",
        "<p>Only to help you: to answer your question, to let you know if you can come, and to make our work better. We do not sell your data and we do not give it to others.</p>",
        "Who can see your data?",
        "<p>Only the staff of the support centre. The support centre works independently. Staff of the regional partnership and of schools cannot read your question. The board only gets numbers, without names.</p>",
        "How long do we keep your data?",
        f"<ul><li>Questions through the website: {days} days. After that the website deletes them automatically.</li><li>Sign-ups for meetings: one month after the meeting. After that we only keep how many people came.</li></ul>",
        "Cookies",
        "<p>This website does not use cookies to follow you. Only when you fill in a form does the website set a cookie that is needed to send the form safely. The website loads nothing from other websites.</p>",
        "Your rights",
        "<p>You may always ask which data we have about you. You may also ask us to change or delete your data. Contact us to do this. Do you disagree with how we handle your data? Then you can make a complaint to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).</p>",
    ]


def accessibility(name):
    return [
        f"<p>{name} wants everyone to be able to use this website. Also people who do not see or hear well, who only use a keyboard or who find reading difficult.</p>",
        "What do we do for this?",
        "<ul><li>We write in plain language (language level B1).</li>"
        "<li>The website works with only a keyboard and with a screen reader.</li>"
        "<li>Colours have enough contrast. You can make the text bigger without losing anything.</li>"
        "<li>Images have a description. Videos have a written text.</li>"
        "<li>We test every page automatically against the accessibility requirements (WCAG 2.1, level A and AA).</li></ul>",
        "Is something not working well?",
        "<p>Let us know. Tell us which page it was and what did not work. We try to fix it within five working days. If that is not possible, we will tell you when it will be ready.</p>",
        "Filling in the accessibility statement",
        "<p>Government organisations must publish an official accessibility statement. Fill it in at toegankelijkheidsverklaring.nl and put the link to your statement here.</p>",
    ]


#: The texts of the page for professionals, in the order of demo.PROFESSIONALS_BODY.
PROFESSIONALS_BODY = [
    "<p>Are you a teacher, special needs coordinator, youth care worker or school attendance officer? Then you can refer parents and young people to the support centre. We listen, explain and think along. The support centre is independent: what parents tell us stays with us.</p>",
    "When do you refer to us?",
    "<ul><li>When parents get stuck in talks with the school.</li><li>When a pupil is at home without school, or may soon be.</li><li>When parents do not know what help there is in the region.</li></ul>",
    "How we work together",
    "<p>With the parents' permission, we join a meeting at school. We do not make decisions, but we help parents and the school find a solution together.</p>",
]
