"""Publisher export: a BronIndexPage tree becomes a valid feed v1, or a clear error naming the page."""

import base64
import hashlib
import json
import os
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from publisher_helpers import bron_index, bron_page, full_tree, image, pillow_bytes, themes, translate
from wagtail.documents import get_document_model
from wagtail.models import Locale

from plugins.informatieset_sync.export import ExportError, build_feed, feed_bytes, feed_key
from plugins.informatieset_sync.feed import validate_feed
from plugins.informatieset_sync.models import BronIndexPage

pytestmark = pytest.mark.django_db


def items_by(feed):
    return {(item["key"], item["language"]): item for item in feed["items"]}


# --- the feed -----------------------------------------------------------------


def test_full_tree_exports_a_valid_feed_with_every_field(home):
    tree = full_tree(home)
    feed, assets = build_feed(tree["index"])

    assert validate_feed(feed)  # the consumer's own validator accepts it
    assert feed["languages"] == ["nl", "en"]
    assert feed["revision"] == 1
    assert feed["publisher"] == {"name": "Landelijke redactie", "url": "https://informatieset.example"}
    assert {t["code"]: t["label"] for t in feed["themes"]} == {
        "passend-onderwijs": {"nl": "Passend onderwijs", "en": "Inclusive education"},
        "zorgplicht": {"nl": "Zorgplicht", "en": "Duty of care"},
    }
    assert len(feed["items"]) == 6
    items = items_by(feed)
    parent, zorgplicht, klachten = tree["parent"], tree["zorgplicht"], tree["klachten"]
    nl_parent = items[(feed_key(parent.translation_key), "nl")]
    en_parent = items[(feed_key(parent.translation_key), "en")]
    nl_child = items[(feed_key(zorgplicht.translation_key), "nl")]
    en_child = items[(feed_key(zorgplicht.translation_key), "en")]

    # Identity, tree and order.
    assert nl_parent["id"] == str(parent.feed_item_id()) != en_parent["id"]
    assert nl_parent["parent"] is None and en_parent["parent"] is None
    assert nl_child["parent"] == en_child["parent"] == feed_key(parent.translation_key)
    assert nl_parent["position"] < items[(feed_key(klachten.translation_key), "nl")]["position"]
    assert (nl_parent["slug"], nl_parent["title"], en_parent["title"]) == (
        "passend-onderwijs",
        "Passend onderwijs",
        "Inclusive education",
    )
    assert nl_parent["audiences"] == ["ouders", "jongeren"]
    assert nl_parent["themes"] == ["passend-onderwijs"]
    assert nl_child["themes"] == ["zorgplicht"]
    assert nl_parent["validated"] == {"on": "2026-09-01", "by": "Redactie informatieset"}
    assert en_parent["summary"] == "About inclusive education."

    # Blocks, one of every type, in order.
    body = nl_parent["body"]
    assert [b["type"] for b in body] == ["heading", "paragraph", "faq", "callout", "steps", "image", "regional_contact"]
    assert body[0]["value"] == {"text": "Wat is het?", "level": 2}
    assert body[1]["value"] == (
        f'<p>Lees <strong>vet</strong> en <em>schuin</em> over de <a href="informatieset:{feed_key(zorgplicht.translation_key)}">zorgplicht</a>'
        ' en <a href="https://www.example.nl/uitleg">de uitleg</a>.</p><ul><li>Een</li><li>Twee</li></ul>'
    )
    # The English page links to the English page: the key is the same.
    assert f'href="informatieset:{feed_key(zorgplicht.translation_key)}"' in en_parent["body"][1]["value"]
    assert body[2]["value"] == [{"question": "Wie beslist?", "answer": "<p>De school, samen met u.</p>"}]
    assert body[3]["value"] == {"kind": "tip", "text": '<p>Mail <a href="mailto:info@example.nl">ons</a>.</p>'}
    assert body[4]["value"][1] == {"title": "Onderzoek", "text": "<ol><li>De school kijkt.</li></ol>"}
    assert body[6] == {"type": "regional_contact", "value": {}}

    # The image: one asset, addressed by the hash of the original file.
    with tree["image"].open_file() as handle:
        original = handle.read()
    digest = hashlib.sha256(original).hexdigest()
    assert body[5]["value"] == {
        "asset": f"sha256:{digest}",
        "alt": "Kinderen op het schoolplein",
        "decorative": False,
        "caption": "Pauze",
    }
    assert feed["assets"] == [
        {"id": f"sha256:{digest}", "url": f"assets/{digest}.png", "media_type": "image/png", "size": len(original)}
    ]
    assert assets == {digest: (original, "image/png", f"{digest}.png")}


def test_jpeg_and_webp_images_are_exported_with_their_type(home):
    themes()
    index = bron_index(home)
    jpeg, webp = image(pillow_bytes("JPEG"), "foto.jpg"), image(pillow_bytes("WEBP"), "foto.webp")
    bron_page(
        index,
        title="Fotos",
        body=[
            {"type": "image", "value": {"image": jpeg.pk, "alt": "Een", "decorative": False, "caption": ""}},
            {"type": "image", "value": {"image": webp.pk, "alt": "", "decorative": True, "caption": ""}},
        ],
    )
    feed, assets = build_feed(index)
    assert sorted((a["media_type"], a["url"].rsplit(".", 1)[1]) for a in feed["assets"]) == [
        ("image/jpeg", "jpg"),
        ("image/webp", "webp"),
    ]
    assert feed["items"][0]["body"][1]["value"] == {
        "asset": feed["assets"][1]["id"],
        "alt": "",
        "decorative": True,
        "caption": "",
    }


def test_links_the_feed_cannot_carry_become_plain_text(home):
    themes()
    index = bron_index(home)
    draft = bron_page(index, title="Nog niet klaar", publish=False)
    document = get_document_model().objects.create(title="Folder", file="documents/folder.pdf")
    bron_page(
        index,
        title="Links",
        body=[
            {
                "type": "paragraph",
                "value": (
                    f'<p><a linktype="document" id="{document.pk}">folder</a>, '
                    f'<a linktype="page" id="{draft.pk}">concept</a>, '
                    f'<a linktype="page" id="{home.pk}">home over http</a>, '
                    '<a href="http://onveilig.example">http</a>, '
                    '<a href="javascript:alert(1)">script</a>, '
                    '<a href="/relatief">relatief</a>'
                    '<h2>kop</h2><script>alert(1)</script><embed embedtype="image" id="1"/></p>'
                ),
            }
        ],
    )
    feed, _ = build_feed(index)
    assert feed["items"][0]["body"][0]["value"] == "<p>folder, concept, home over http, http, script, relatiefkop</p>"


def test_unpublished_pages_and_what_is_under_them_stay_out(home):
    themes()
    index = bron_index(home)
    shown = bron_page(index, title="Zichtbaar")
    hidden = bron_page(index, title="Concept", publish=False)
    bron_page(hidden, title="Onder concept")  # live itself, but not reachable on the site
    bron_page(shown, title="Ook concept", publish=False)
    feed, _ = build_feed(index)
    assert [item["title"] for item in feed["items"]] == ["Zichtbaar"]


def test_untranslated_copies_kept_by_wagtail_localize_are_not_items(home):
    themes()
    index = bron_index(home)
    en_index = translate(index, "en", title="Source")
    page = bron_page(index, title="Aanmelden")
    page.create_alias(parent=en_index, update_locale=en_index.locale)
    feed, _ = build_feed(index)
    assert [(item["title"], item["language"]) for item in feed["items"]] == [("Aanmelden", "nl")]

    # A real translation under such a copy cannot be placed in the English tree: say so.
    child = bron_page(page, title="Wanneer aanmelden")
    english = translate(child, "en", title="When to apply")
    assert english.get_parent().alias_of_id == page.pk  # Wagtail puts the translation under the copy
    with pytest.raises(ExportError, match="'When to apply'.*staat onder 'Aanmelden', die nog niet vertaald is"):
        build_feed(index)


def test_revision_goes_up_only_when_the_content_changes(home):
    themes()
    index = bron_index(home)
    page = bron_page(index, title="Aanmelden")
    first, _ = build_feed(index)
    again, _ = build_feed(index)
    assert (first["revision"], again["revision"]) == (1, 1)
    assert feed_bytes(first) != b"" and first["items"] == again["items"]

    page.summary = "Nieuwe samenvatting."
    page.save_revision().publish()
    changed, _ = build_feed(index)
    assert changed["revision"] == 2
    index.refresh_from_db()
    assert index.feed_revision == 2 and len(index.feed_hash) == 64
    assert build_feed(index)[0]["revision"] == 2


def test_export_from_the_english_index_uses_the_dutch_tree_as_basis(home):
    tree = full_tree(home)
    feed, _ = build_feed(tree["en_index"])
    assert len(feed["items"]) == 6
    assert BronIndexPage.objects.get(pk=tree["index"].pk).feed_revision == 1


# --- bad publisher input ----------------------------------------------------------


def test_page_without_validation_is_refused_by_name(home):
    themes()
    index = bron_index(home)
    bron_page(index, title="Thuiszitten", validated_on=None)
    with pytest.raises(ExportError, match="pagina 'Thuiszitten' \\(nl, id \\d+\\) is niet gevalideerd"):
        build_feed(index)


def test_page_validated_by_nobody_is_refused(home):
    themes()
    index = bron_index(home)
    bron_page(index, title="Leerplicht", validated_by="  ")
    with pytest.raises(ExportError, match="'Leerplicht'.*niet gevalideerd"):
        build_feed(index)


def test_unsupported_image_type_is_refused_by_name(home):
    themes()
    index = bron_index(home)
    gif = image(pillow_bytes("GIF"), "bewegend.gif", "Bewegend plaatje")
    bron_page(
        index,
        title="Met gif",
        body=[{"type": "image", "value": {"image": gif.pk, "alt": "x", "decorative": False, "caption": ""}}],
    )
    with pytest.raises(
        ExportError, match="Afbeelding 'Bewegend plaatje' op de pagina 'Met gif'.*geen PNG, JPEG of WebP"
    ):
        build_feed(index)


def test_translation_without_dutch_version_is_refused(home):
    themes()
    index = bron_index(home)
    page = bron_page(index, title="Overstap")
    english = translate(page, "en", title="Transition")
    page.unpublish()
    with pytest.raises(
        ExportError, match=f"pagina 'Transition' \\(en, id {english.pk}\\) heeft geen gepubliceerde Nederlandse versie"
    ):
        build_feed(index)


def test_page_without_audience_is_refused(home):
    themes()
    index = bron_index(home)
    bron_page(index, title="Voor niemand", audiences=[])
    with pytest.raises(ExportError, match="'Voor niemand'.*voor wie"):
        build_feed(index)


def test_image_without_alt_text_is_refused_by_name(home):
    themes()
    index = bron_index(home)
    img = image()
    bron_page(
        index,
        title="Zonder alt",
        body=[{"type": "image", "value": {"image": img.pk, "alt": "", "decorative": False, "caption": ""}}],
    )
    with pytest.raises(ExportError, match="pagina 'Zonder alt'.*alt text is required"):
        build_feed(index)


def test_slug_the_feed_does_not_allow_is_refused_by_name(home):
    themes()
    index = bron_index(home)
    bron_page(index, title="Onderstreept", slug="met_liggend_streepje")
    with pytest.raises(ExportError, match="pagina 'Onderstreept'.*slug"):
        build_feed(index)


def test_a_refused_export_does_not_raise_the_revision(home):
    themes()
    index = bron_index(home)
    bron_page(index, title="Goed")
    assert build_feed(index)[0]["revision"] == 1
    bron_page(index, title="Fout", validated_on=None)
    with pytest.raises(ExportError):
        build_feed(index)
    index.refresh_from_db()
    assert index.feed_revision == 1


# --- the commands ---------------------------------------------------------------------


def run_command(name, *args):
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue()


def keypair(tmp_path):
    path = tmp_path / "uitgever.key"
    out = run_command("informatieset_keygen", "--out", str(path))
    public = [line for line in out.splitlines() if len(line) == 44 and line.endswith("=")][0]
    return path, public


def test_keygen_writes_a_private_key_only_the_owner_can_read(tmp_path):
    path, public = keypair(tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert len(base64.b64decode(public)) == 32
    with pytest.raises(CommandError, match="bestaat al"):
        run_command("informatieset_keygen", "--out", str(path))
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_export_command_writes_a_signed_feed_and_its_assets(home, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    tree = full_tree(home)
    key, public = keypair(tmp_path)
    out = tmp_path / "publiek"
    message = run_command("export_informatieset", "--out", str(out), "--sign-key", str(key))
    assert "revisie 1, 6 pagina's in nl, en, 1 afbeeldingen, ondertekend" in message

    raw = (out / "feed.json").read_bytes()
    feed = json.loads(raw)
    assert validate_feed(feed)
    signature = base64.b64decode((out / "feed.json.sig").read_bytes())
    Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(signature, raw)  # raises if wrong
    [asset] = feed["assets"]
    written = (out / asset["url"]).read_bytes()
    assert "sha256:" + hashlib.sha256(written).hexdigest() == asset["id"]
    with tree["image"].open_file() as handle:
        assert written == handle.read()
    assert sorted(p.name for p in out.iterdir()) == ["assets", "feed.json", "feed.json.sig"]


def test_export_command_accepts_a_raw_key_and_replaces_an_earlier_export(home, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    themes()
    index = bron_index(home)
    page = bron_page(index, title="Aanmelden")
    key = Ed25519PrivateKey.generate()
    key_file = tmp_path / "raw.key"
    key_file.write_bytes(base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())))
    out = tmp_path / "feed"
    run_command("export_informatieset", "--out", str(out), "--sign-key", str(key_file), "--index", str(index.pk))
    page.title = "Aanmelden bij een school"
    page.save_revision().publish()
    run_command("export_informatieset", "--out", str(out))  # unsigned this time
    feed = json.loads((out / "feed.json").read_bytes())
    assert (feed["revision"], feed["items"][0]["title"]) == (2, "Aanmelden bij een school")
    assert not (out / "feed.json.sig").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_failed_export_leaves_the_previous_export_untouched(home, tmp_path):
    themes()
    index = bron_index(home)
    bron_page(index, title="Goed")
    out = tmp_path / "feed"
    run_command("export_informatieset", "--out", str(out))
    before = (out / "feed.json").read_bytes()
    bron_page(index, title="Niet gevalideerd", validated_on=None)
    with pytest.raises(CommandError, match="'Niet gevalideerd'.*niet gevalideerd"):
        run_command("export_informatieset", "--out", str(out))
    assert (out / "feed.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed"]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("no-index", "Er is geen gepubliceerde bronpagina"),
        ("bad-key", "geen Ed25519-sleutel"),
        ("missing-key", "Kan het sleutelbestand"),
        ("foreign-dir", "bevat andere bestanden"),
        ("unknown-index", "Er is geen bronpagina .* met id 999999"),
    ],
)
def test_export_command_errors_exit_non_zero_with_a_message(site, tmp_path, capsys, setup, expected):
    from plugins.informatieset_sync.management.commands.export_informatieset import Command

    out = tmp_path / "feed"
    args = ["steunpunt", "export_informatieset", "--out", str(out)]
    if setup != "no-index":
        themes()
        bron_page(bron_index(site.root_page), title="Goed")
    if setup == "bad-key":
        (tmp_path / "bad.key").write_text("geen sleutel")
        args += ["--sign-key", str(tmp_path / "bad.key")]
    elif setup == "missing-key":
        args += ["--sign-key", str(tmp_path / "bestaat-niet.key")]
    elif setup == "foreign-dir":
        out.mkdir()
        (out / "index.html").write_text("andere site")
    elif setup == "unknown-index":
        args += ["--index", "999999"]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(args)
    assert exit_info.value.code != 0
    assert __import__("re").search(expected, capsys.readouterr().err)
    if setup == "foreign-dir":
        assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    else:
        assert not out.exists()


def test_dutch_locale_exists_for_the_tests():
    assert Locale.objects.filter(language_code__in=["nl", "en"]).count() == 2
