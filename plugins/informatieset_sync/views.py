"""Public views of the informatieset: the listing with filters."""


def listing_context(index, request) -> dict:
    from .models import InformatiesetPage

    pages = InformatiesetPage.objects.child_of(index).live().public().order_by("feed_position", "title")
    return {"informatieset_pages": pages}
