"""Change notices: editors hear when the national text under their regional additions changed."""


def schedule_change_notice_mail(notice_ids: list[int]) -> None:
    """Called by the sync inside its transaction; mails the page editors after commit."""
