"""Build the bundled sample informatieset (feed.json + assets/) from source/.

The sources are written for people: one file per page with all its language
versions, pages referred to by name. This script turns them into a feed that
follows shared/informatieset/feed-v1.md exactly: stable UUIDs derived from the
names, hashed assets, ``informatieset:<key>`` links.

    python plugins/informatieset_sync/bundled/build.py [--revision N]
"""

import argparse
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMESPACE = uuid.UUID("6f1c2f5e-2b8e-4f0a-9a57-5e0d3c1b7a10")
VALIDATED = {"on": "2026-11-01", "by": "Voorbeeldredactie informatieset (steunpunt-in-a-box)"}
PUBLISHER = {"name": "Voorbeeldredactie informatieset", "url": "https://github.com/steunpunt-in-a-box"}
LANGUAGE_ORDER = ["nl", "en", "ar", "uk", "tr", "pl"]

THEMES = {
    "passend-onderwijs": {
        "nl": "Passend onderwijs",
        "en": "Inclusive education",
        "ar": "التعليم المناسب",
        "uk": "Відповідна освіта",
        "tr": "Uygun eğitim",
        "pl": "Edukacja dostosowana",
    },
    "aanmelden": {
        "nl": "Aanmelden bij een school",
        "en": "Applying to a school",
        "ar": "التسجيل في مدرسة",
        "uk": "Запис до школи",
        "tr": "Okula kayıt",
        "pl": "Zgłoszenie do szkoły",
    },
    "ondersteuning": {
        "nl": "Extra ondersteuning",
        "en": "Extra support",
        "ar": "دعم إضافي",
        "uk": "Додаткова підтримка",
        "tr": "Ek destek",
        "pl": "Dodatkowe wsparcie",
    },
    "rechten": {
        "nl": "Rechten en plichten",
        "en": "Rights and duties",
        "ar": "الحقوق والواجبات",
        "uk": "Права та обов'язки",
        "tr": "Haklar ve yükümlülükler",
        "pl": "Prawa i obowiązki",
    },
    "overstap": {
        "nl": "Naar een andere school",
        "en": "Changing schools",
        "ar": "الانتقال إلى مدرسة أخرى",
        "uk": "Перехід до іншої школи",
        "tr": "Başka bir okula geçiş",
        "pl": "Zmiana szkoły",
    },
    "thuiszitten": {
        "nl": "Thuiszitten",
        "en": "Out of school",
        "ar": "البقاء في البيت دون مدرسة",
        "uk": "Без школи вдома",
        "tr": "Okula gitmeden evde",
        "pl": "Dziecko poza szkołą",
    },
    "jeugdhulp": {
        "nl": "Jeugdhulp en school",
        "en": "Youth care and school",
        "ar": "رعاية الشباب والمدرسة",
        "uk": "Допомога молоді та школа",
        "tr": "Gençlik yardımı ve okul",
        "pl": "Pomoc dla młodzieży i szkoła",
    },
    "onenigheid": {
        "nl": "Het niet eens zijn",
        "en": "Disagreements",
        "ar": "الخلافات",
        "uk": "Незгода",
        "tr": "Anlaşmazlık",
        "pl": "Brak zgody",
    },
    "meepraten": {
        "nl": "Meepraten en meebeslissen",
        "en": "Having your say",
        "ar": "المشاركة في القرار",
        "uk": "Право голосу",
        "tr": "Söz hakkı",
        "pl": "Współdecydowanie",
    },
    "steunpunt": {
        "nl": "Het steunpunt",
        "en": "The support point",
        "ar": "نقطة الدعم",
        "uk": "Пункт підтримки",
        "tr": "Destek merkezi",
        "pl": "Punkt wsparcia",
    },
}


def key_for(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"key:{name}"))


def id_for(name: str, language: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"item:{name}:{language}"))


def build_assets() -> dict[str, dict]:
    """Hash the images in assets/ (made by make_images.py) into feed assets."""
    assets = {}
    for path in sorted((HERE / "assets").glob("*.png")):
        data = path.read_bytes()
        assets[path.name] = {
            "id": "sha256:" + hashlib.sha256(data).hexdigest(),
            "url": f"assets/{path.name}",
            "media_type": "image/png",
            "size": len(data),
        }
    return assets


def convert_blocks(blocks: list, assets: dict, names: set[str]) -> list:
    """Swap asset file names for asset ids and page names in links for keys."""

    def links(match):
        name = match.group(1)
        if name not in names:
            raise SystemExit(f"Link to unknown page '{name}'")
        return f"informatieset:{key_for(name)}"

    converted = []
    for block in blocks:
        value = block["value"]
        if block["type"] == "image":
            value = {**value, "asset": assets[value["asset"]]["id"]}
        text = re.sub(r"informatieset:([a-z0-9-]+)", links, json.dumps(value, ensure_ascii=False))
        converted.append({"type": block["type"], "value": json.loads(text)})
    return converted


def build(revision: int) -> dict:
    assets = build_assets()
    sources = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "source").glob("*.json"))]
    names = {source["name"] for source in sources}
    items, languages, used_assets = [], set(), set()
    for source in sources:
        for language, version in source["translations"].items():
            languages.add(language)
            body = convert_blocks(version["body"], assets, names)
            used_assets.update(b["value"]["asset"] for b in body if b["type"] == "image")
            items.append(
                {
                    "id": id_for(source["name"], language),
                    "key": key_for(source["name"]),
                    "language": language,
                    "parent": key_for(source["parent"]) if source["parent"] else None,
                    "position": source["position"],
                    "slug": version["slug"],
                    "title": version["title"],
                    "summary": version["summary"],
                    "audiences": source["audiences"],
                    "themes": source["themes"],
                    "body": body,
                    "validated": VALIDATED,
                    "updated_at": "2026-11-01T09:00:00Z",
                }
            )
    ordered_languages = sorted(languages, key=lambda code: LANGUAGE_ORDER.index(code) if code in LANGUAGE_ORDER else 99)
    return {
        "format": "informatieset-feed",
        "format_version": 1,
        "revision": revision,
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "publisher": PUBLISHER,
        "languages": ordered_languages,
        "themes": [
            {"code": code, "label": {lang: text for lang, text in labels.items() if lang in languages}}
            for code, labels in THEMES.items()
        ],
        "assets": [a for a in assets.values() if a["id"] in used_assets],
        "items": items,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--revision", type=int, help="Feed revision (default: the current one plus 1).")
    args = parser.parse_args()
    out = HERE / "feed.json"
    current = json.loads(out.read_text())["revision"] if out.exists() else 0
    feed = build(args.revision or current + 1)
    out.write_text(json.dumps(feed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Wrote {out} (revision {feed['revision']}, {len(feed['items'])} items, {len(feed['assets'])} assets)")


if __name__ == "__main__":
    main()
