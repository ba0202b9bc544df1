"""The outline of a page ("Op deze pagina"): its level-2 headings, with the anchors the blocks render."""

from django.utils.text import slugify

#: Blocks whose title is rendered as an <h2> (see core/blocks/*.html).
TITLED_BLOCKS = ("faq", "steps")


def heading_id(text: str) -> str:
    """The id of a heading, the same in the outline and in the block's template."""
    return "kop-" + (slugify(str(text), allow_unicode=True) or "zonder-titel")


def page_outline(stream) -> list[dict]:
    """[{"id": ..., "text": ...}] for every h2 in a content stream, in order of appearance."""
    outline = []
    for block in stream or []:
        value = block.value
        if not hasattr(value, "get"):  # list and plain values have no title
            continue
        if block.block_type == "heading" and value.get("level") in ("h2", "2"):
            text = value.get("text")
        elif block.block_type in TITLED_BLOCKS:
            text = value.get("title")
        else:
            continue
        if text:
            outline.append({"id": heading_id(text), "text": text})
    return outline
