"""The agenda's kinds of mail: the names both the scheduling (scheduling.py) and the rendering (mails.py) use.

A module of names only, so neither of those two has to import the other.
"""

#: The agenda's kinds of mail in the core outbox (builders registered in tasks.py and bericht.py).
STATUS_KIND = "agenda.status"
REMINDER_KIND = "agenda.herinnering"
MESSAGE_KIND = "agenda.bericht"

#: What a status mail tells. Only WIJZIGING, AFGELAST and AL_AANGEMELD are stored
#: with the delivery; the others follow from the registration's state at send time.
AANMELDING = "aanmelding"
WACHTLIJST = "wachtlijst"
PROMOTIE = "promotie"
WIJZIGING = "wijziging"
AFGELAST = "afgelast"
HERINNERING = "herinnering"
#: Someone signed up again with an address that is already signed up: nothing changed, the owner is told.
AL_AANGEMELD = "al_aangemeld"
