"""steunpunt backup / steunpunt restore: archives that restore, and refuse what they must.

Runs on the suite's database (SQLite, or PostgreSQL with DATABASE_URL). The
round trip restores into a NEW database (a new SQLite file, or the PostgreSQL
database <name>_restore) and a new media folder, as on a fresh checkout.
"""

import errno
import io
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from distro.backup import archive, crypto
from distro.backup.database import BackupError

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def backups(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "backup.key"
    path.write_text(crypto.generate_key())
    return path


def db():
    return connection.settings_dict


def make_backup(backups, media, **kwargs):
    return archive.create_backup(backups, db(), media, **kwargs)


@pytest.fixture
def new_database(tmp_path):
    """Settings of an empty database of the suite's engine, dropped afterwards."""
    current = db()
    if current["ENGINE"].endswith("sqlite3"):
        yield {"ENGINE": current["ENGINE"], "NAME": str(tmp_path / "teruggezet.sqlite3")}
        return
    import psycopg

    name = current["NAME"].removeprefix("test_") + "_restore"
    kwargs = {k.lower(): current[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if current.get(k)}
    admin = psycopg.connect(dbname="postgres", autocommit=True, **kwargs)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield {**current, "NAME": name}
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def query(settings_dict, sql):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        con = sqlite3.connect(settings_dict["NAME"])
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    import psycopg

    kwargs = {k.lower(): settings_dict[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if settings_dict.get(k)}
    with psycopg.connect(dbname=settings_dict["NAME"], **kwargs) as con:
        return con.execute(sql).fetchall()


# --- The round trip ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_gives_back_pages_questions_registrations_logins_and_files(
    site, home, media, backups, new_database, tmp_path, settings
):
    from django.contrib.auth import get_user_model
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from distro.contact.models import Vraag
    from distro.core.models import ContentPage

    page = ContentPage(title="Ons aanbod voor ouders", slug="ons-aanbod")
    home.add_child(instance=page)
    page.save_revision().publish()
    Vraag.objects.create(name="Sanne", email="sanne@example.org", role="ouder", question="Mijn zoon krijgt geen plek.")
    get_user_model().objects.create_user("medewerker", "m@example.org", "geheim-wachtwoord-7")
    document = Document.objects.create(title="Folder", file=ContentFile(b"%PDF-1.4 folder", name="folder.pdf"))
    image = Image.objects.create(title="Logo", file=ContentFile(PNG, name="logo.png"))
    aanmelding = None
    if "agenda" in settings.STEUNPUNT_ENABLED_PLUGINS:
        from plugins.agenda.models import Aanmelding, AgendaIndexPage, Bijeenkomst, Sessie

        index = AgendaIndexPage(title="Agenda", slug="agenda-backup")
        home.add_child(instance=index)
        meeting = Bijeenkomst(
            title="Thema-avond", slug="thema-avond-backup", location_name="Buurthuis", address="Laan 1"
        )
        meeting.sessies.add(Sessie(start=timezone.now(), end=timezone.now() + timezone.timedelta(hours=2)))
        index.add_child(instance=meeting)
        aanmelding = Aanmelding.objects.create(
            bijeenkomst=meeting, status="aangemeld", role="ouder", name="Fatima", email="fatima@example.org"
        )

    result = make_backup(backups, media)
    assert result.path.exists() and result.path.name.endswith(".tar")

    new_media = tmp_path / "nieuwe-checkout" / "media"
    archive.restore_backup(result.path, new_database, new_media)

    assert query(
        new_database, "SELECT count(*) FROM wagtailcore_page WHERE title = 'Ons aanbod voor ouders' AND live"
    ) == [(1,)]
    assert query(new_database, "SELECT name, question FROM contact_vraag") == [("Sanne", "Mijn zoon krijgt geen plek.")]
    [(password_hash,)] = query(new_database, "SELECT password FROM auth_user WHERE username = 'medewerker'")
    assert check_password("geheim-wachtwoord-7", password_hash)
    if aanmelding is not None:
        # Every registration comes back: Fatima's and the demo site's made-up ones.
        restored = query(new_database, "SELECT name, email FROM agenda_aanmelding ORDER BY id")
        assert restored == list(Aanmelding.objects.order_by("id").values_list("name", "email"))
        assert ("Fatima", "fatima@example.org") in restored
    [(document_file,)] = query(new_database, f"SELECT file FROM wagtaildocs_document WHERE id = {document.pk}")
    [(image_file,)] = query(new_database, f"SELECT file FROM wagtailimages_image WHERE id = {image.pk}")
    assert (new_media / document_file).read_bytes() == b"%PDF-1.4 folder"
    assert (new_media / image_file).read_bytes() == PNG


def test_encrypted_backup_restores_with_its_key_and_hides_the_content(
    site, media, backups, new_database, key_file, tmp_path
):
    (media / "documents").mkdir()
    (media / "documents" / "verslag.txt").write_text("vertrouwelijk verslag")
    result = make_backup(backups, media, key_file=key_file)
    assert result.path.name.endswith(".tar.enc")
    assert b"vertrouwelijk verslag" not in result.path.read_bytes()
    assert oct(result.path.stat().st_mode & 0o777) == "0o600"

    new_media = tmp_path / "nieuw" / "media"
    archive.restore_backup(result.path, new_database, new_media, key_file=key_file)
    assert (new_media / "documents" / "verslag.txt").read_text() == "vertrouwelijk verslag"
    assert query(new_database, "SELECT count(*) FROM wagtailcore_site") == [(1,)]


# --- What a restore refuses --------------------------------------------------------------


def restore_command(*args):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", *args, stderr=err, stdout=io.StringIO())
    assert exit_info.value.code == 1
    return err.getvalue()


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(site, media, backups, settings):
    settings.STEUNPUNT_BACKUP_DIR = backups
    result = make_backup(backups, media)
    (media / "nieuw.txt").write_text("na de back-up geüpload")
    message = restore_command(str(result.path))
    assert "is niet leeg" in message and "--force" in message
    assert (media / "nieuw.txt").exists()


def test_restore_of_a_missing_archive_names_it(site, tmp_path):
    message = restore_command(str(tmp_path / "bestaat-niet.tar"))
    assert "bestaat-niet.tar bestaat niet" in message


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_restore_refuses_a_damaged_archive_and_changes_nothing(site, media, backups, new_database, tmp_path, damage):
    (media / "foto.jpg").write_bytes(b"x" * 50_000)
    result = make_backup(backups, media)
    data = bytearray(result.path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        # A byte inside the media file's content: the tar headers stay valid, the checksum does not.
        offset = data.index(b"x" * 1000) + 500
        data[offset] = ord("y")
    result.path.write_bytes(bytes(data))
    new_media = tmp_path / "nieuw" / "media"
    with pytest.raises(BackupError, match="beschadigd"):
        archive.restore_backup(result.path, new_database, new_media)
    assert not new_media.exists()
    if new_database["ENGINE"].endswith("sqlite3"):
        assert not Path(new_database["NAME"]).exists() or query(new_database, "SELECT count(*) FROM sqlite_master") == [
            (0,)
        ]
    else:
        assert query(new_database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'") == [
            (0,)
        ]
    assert [p.name for p in tmp_path.joinpath("nieuw").iterdir()] == []  # no staging folder left


def test_restore_refuses_a_truncated_encrypted_archive(site, media, backups, new_database, key_file, tmp_path):
    result = make_backup(backups, media, key_file=key_file)
    result.path.write_bytes(result.path.read_bytes()[:-100])
    with pytest.raises(BackupError, match="beschadigd"):
        archive.restore_backup(result.path, new_database, tmp_path / "m", key_file=key_file)


def test_restore_with_the_wrong_key_or_without_key_says_so(site, media, backups, key_file, tmp_path, settings):
    result = make_backup(backups, media, key_file=key_file)
    other = tmp_path / "andere.key"
    other.write_text(crypto.generate_key())
    assert "sleutel past niet" in restore_command(str(result.path), "--key-file", str(other))
    settings.STEUNPUNT_BACKUP_KEY_FILE = ""
    assert "versleuteld" in restore_command(str(result.path))


def test_restore_refuses_a_backup_of_the_other_database_engine(site, media, backups, tmp_path):
    result = make_backup(backups, media)
    if db()["ENGINE"].endswith("sqlite3"):
        other = {"ENGINE": "django.db.backends.postgresql", "NAME": "steunpunt_deploy_never_used"}
        expected = "van een SQLite-database; deze site gebruikt PostgreSQL"
    else:
        other = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
        expected = "van een PostgreSQL-database; deze site gebruikt SQLite"
    with pytest.raises(BackupError, match=expected):
        archive.restore_backup(result.path, other, tmp_path / "m")


def test_an_archive_with_a_file_the_manifest_does_not_list_is_refused(site, media, backups, new_database, tmp_path):
    result = make_backup(backups, media)
    with tarfile.open(result.path, "a") as tar:
        extra = tarfile.TarInfo("media/ingeschoven.html")
        extra.size = 5
        tar.addfile(extra, io.BytesIO(b"<scr>"))
    with pytest.raises(BackupError, match="ingeschoven.html"):
        archive.restore_backup(result.path, new_database, tmp_path / "m")


# --- Writing backups ---------------------------------------------------------------------


def test_only_the_newest_backups_are_kept(site, media, backups):
    made = [make_backup(backups, media, keep=2).path for _ in range(3)]
    assert archive.archives(backups) == made[1:]
    assert not made[0].exists()


def test_a_full_disk_leaves_no_archive_and_keeps_the_earlier_backups(site, media, backups, monkeypatch):
    (media / "groot.bin").write_bytes(b"z" * 300_000)
    earlier = make_backup(backups, media, keep=2).path
    written = []
    real_write = archive._Sink.write

    def write_until_full(self, data):
        if sum(written) > 100_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(data))
        return real_write(self, data)

    monkeypatch.setattr(archive._Sink, "write", write_until_full)
    with pytest.raises(BackupError, match="schijf is vol"):
        make_backup(backups, media, keep=2)
    assert sum(written) > 100_000  # it failed half-way, not before it started
    assert [p.name for p in backups.iterdir()] == [earlier.name]
    monkeypatch.undo()
    assert archive.archives(backups) == [earlier]


def test_backup_command_writes_an_archive_and_the_job_is_registered(site, media, backups, settings):
    from distro.extensions import periodic_jobs

    settings.STEUNPUNT_BACKUP_DIR = backups
    out = io.StringIO()
    call_command("backup", stdout=out)
    assert "Back-up gemaakt" in out.getvalue()
    assert len(archive.archives(backups)) == 1
    assert "backup" in [job.name for job in periodic_jobs.all()]


def test_backup_refuses_a_backup_folder_inside_the_media_folder(site, media):
    with pytest.raises(BackupError, match="niet in de map met uploads"):
        make_backup(media / "backups", media)


def test_generate_key_never_overwrites_a_key(tmp_path, key_file):
    before = key_file.read_text()
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("backup", "--generate-key", str(key_file), stderr=err)
    assert "bestaat al" in err.getvalue()
    assert key_file.read_text() == before
    new = tmp_path / "sub" / "nieuw.key"
    call_command("backup", "--generate-key", str(new), stdout=io.StringIO())
    assert len(crypto.read_key(new)) == 32
    assert oct(new.stat().st_mode & 0o777) == "0o600"
