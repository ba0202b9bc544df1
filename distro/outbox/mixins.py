"""The state of a source's e-mail, read from the outbox, for models that have one mail each."""

from django.utils.translation import gettext_lazy as _

from .services import delivery_of, status_label


class MailDeliveryMixin:
    """``mail_status``, ``mail_attempts`` and ``mail_error`` of the one delivery of kind ``mail_kind``.

    Lists set ``mail_status`` (and ``_mail_delivery``) for all their rows in one query,
    so showing a page of rows does not ask the outbox once per row.
    """

    mail_kind: str = ""

    @property
    def mail_delivery(self):
        if "_mail_delivery" in self.__dict__:
            return self.__dict__["_mail_delivery"]
        return delivery_of(self.mail_kind, self.pk)

    @property
    def mail_status(self) -> str | None:
        if "_mail_status" in self.__dict__:
            return self.__dict__["_mail_status"]
        delivery = self.mail_delivery
        return delivery.status if delivery else None

    @mail_status.setter
    def mail_status(self, value):
        self.__dict__["_mail_status"] = value

    def get_mail_status_display(self) -> str:
        return status_label(self.mail_status)

    @property
    def mail_attempts(self) -> int:
        delivery = self.mail_delivery
        return delivery.attempts if delivery else 0

    @property
    def mail_error(self) -> str:
        delivery = self.mail_delivery
        return delivery.error if delivery else ""


# Labels where the admin shows these as columns or fields (list and inspect views).
MailDeliveryMixin.mail_status.fget.short_description = _("e-mail")
MailDeliveryMixin.mail_error.fget.short_description = _("foutmelding e-mail")
