"""A club file is refused on a network share, a network drive or in a cloud-synced folder; a local
disk (ext4, NTFS, tmpfs...) is fine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.cli import main
from loyaltydesk.store import location
from loyaltydesk.store.location import NotOnThisComputer, refusal

LOCAL = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0
/dev/sda1 /boot/efi vfat rw,relatime 0 0
"""

# (extra mount lines, club path) -> the file system named in the refusal, or None: allowed
MOUNT_TABLE = [
    ("", "/home/ali/club/club.sqlite3", None),
    ("", "/dev/shm/club.sqlite3", None),  # tmpfs is this computer's memory: local
    ("nas:/export/shop /mnt/shop nfs rw,vers=3 0 0", "/mnt/shop/club.sqlite3", "nfs"),
    ("nas:/export/shop /mnt/shop nfs4 rw 0 0", "/mnt/shop/data/club.sqlite3", "nfs4"),
    ("//nas/shop /mnt/shop cifs rw,vers=3.0 0 0", "/mnt/shop/club.sqlite3", "cifs"),
    ("//nas/shop /mnt/shop smb3 rw 0 0", "/mnt/shop/club.sqlite3", "smb3"),
    ("//nas/shop /mnt/shop smbfs rw 0 0", "/mnt/shop/club.sqlite3", "smbfs"),
    ("ali@nas:/srv /home/ali/remote fuse.sshfs rw,nosuid 0 0", "/home/ali/remote/club.sqlite3", "fuse.sshfs"),
    ("gdrive: /home/ali/gd fuse.rclone rw 0 0", "/home/ali/gd/club.sqlite3", "fuse.rclone"),
    ("gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw 0 0", "/run/user/1000/gvfs/smb-share:server=nas/c.db",
     "fuse.gvfsd-fuse"),
    ("ali@nas:/srv /home/ali/remote sshfs rw 0 0", "/home/ali/remote/club.sqlite3", "sshfs"),
    ("/dev/sdb1 /media/ali/DATA fuseblk rw 0 0", "/media/ali/DATA/club.sqlite3", None),  # NTFS on a local disk
    ("//nas/shop /mnt/my\\040share cifs rw 0 0", "/mnt/my share/club.sqlite3", "cifs"),  # a space, escaped
    ("nas:/export /mnt/club nfs rw 0 0", "/mnt/clubhouse/club.sqlite3", None),  # a longer name, not inside
    ("nas:/export /mnt nfs rw 0 0\n/dev/sdc1 /mnt/local ext4 rw 0 0", "/mnt/local/club.sqlite3", None),
    ("/dev/sdc1 /mnt/local ext4 rw 0 0\nnas:/export /mnt/local/share nfs rw 0 0", "/mnt/local/share/c.db", "nfs"),
    ("/dev/sdc1 /srv ext4 rw 0 0\nnas:/export /srv nfs rw 0 0", "/srv/club.sqlite3", "nfs"),  # mounted over
    ("nas:/export /srv nfs rw 0 0\n/dev/sdc1 /srv ext4 rw 0 0", "/srv/club.sqlite3", None),
    ("a broken line\n\n", "/home/ali/club.sqlite3", None),
]


@pytest.mark.parametrize("extra, path, kind", MOUNT_TABLE)
def test_mount_table(extra, path, kind):
    found = refusal(path, windows=False, mounts_text=LOCAL + extra)
    if kind is None:
        assert found is None
    else:
        assert found == (location.ON_NETWORK_SHARE, {"kind": kind})


WINDOWS_REMOTE = {"Z:\\": location.DRIVE_REMOTE, "C:\\": 3, "E:\\": 2, "G:\\": 3}

# (path, what the refusal names) -> None: allowed
WINDOWS_TABLE = [
    (r"C:\Users\Ali\Documents\LoyaltyDesk\club.sqlite3", None),
    (r"E:\club.sqlite3", None),  # a USB stick: local (a poor place, but not a network)
    (r"\\nas\shop\club.sqlite3", ("share", "UNC")),
    ("//nas/shop/club.sqlite3", ("share", "UNC")),
    (r"\\?\UNC\nas\shop\club.sqlite3", ("share", "UNC")),
    (r"\\?\C:\Shop\club.sqlite3", None),  # a long local path, not a share
    (r"Z:\club\club.sqlite3", ("drive", "Z:")),  # a mapped network drive
    (r"z:\club.sqlite3", ("drive", "z:")),
    (r"C:\Users\Ali\Dropbox\club\club.sqlite3", ("folder", "Dropbox")),
    (r"C:\Users\Ali\Dropbox (Personal)\club.sqlite3", ("folder", "Dropbox (Personal)")),
    (r"C:\Users\Ali\OneDrive\Documents\club.sqlite3", ("folder", "OneDrive")),
    (r"C:\Users\Ali\OneDrive - Pars Shop\club.sqlite3", ("folder", "OneDrive - Pars Shop")),
    (r"G:\My Drive\club.sqlite3", ("folder", "My Drive")),  # Google Drive for desktop
    (r"C:\Users\Ali\Google Drive\club.sqlite3", ("folder", "Google Drive")),
    (r"C:\Users\Ali\iCloudDrive\club.sqlite3", ("folder", "iCloudDrive")),
    (r"C:\Users\Ali\Documents\dropbox-export.sqlite3", None),  # only folders count, not the file's name
    (r"C:\Users\Ali\Dropboxes\club.sqlite3", None),
]


@pytest.mark.parametrize("path, named", WINDOWS_TABLE)
def test_windows_paths(path, named):
    found = refusal(path, windows=True, drive_type=lambda root: WINDOWS_REMOTE.get(root.upper(), 1))
    expected = None if named is None else {
        "share": (location.ON_NETWORK_SHARE, {"kind": named[1]}),
        "drive": (location.ON_NETWORK_DRIVE, {"drive": named[1]}),
        "folder": (location.IN_SYNC_FOLDER, {"folder": named[1]}),
    }[named[0]]
    assert found == expected


@pytest.mark.parametrize("path, folder", [
    ("/home/ali/Dropbox/club.sqlite3", "Dropbox"),
    ("/home/ali/dropbox/shop/club.sqlite3", "dropbox"),
    ("/home/ali/OneDrive/club.sqlite3", "OneDrive"),
    ("/Users/ali/Library/CloudStorage/GoogleDrive-ali@example.com/My Drive/club.sqlite3", "CloudStorage"),
    ("/Users/ali/Library/CloudStorage/OneDrive-Personal/club.sqlite3", "CloudStorage"),
    ("/Users/ali/Library/Mobile Documents/com~apple~CloudDocs/club.sqlite3", "Mobile Documents"),
    ("/home/ali/Documents/club.sqlite3", None),
    ("/home/ali/Dropbox.sqlite3", None),
])
def test_sync_folders_on_linux_and_macos(path, folder):
    for mounts in (LOCAL, None):  # with a mount table (Linux) or none (macOS)
        found = refusal(path, windows=False, mounts_text=mounts)
        assert found == (None if folder is None else (location.IN_SYNC_FOLDER, {"folder": folder}))


def test_the_message_points_to_the_multi_till_mode(tmp_path):
    with pytest.raises(NotOnThisComputer) as caught:
        location.require_local(tmp_path / "OneDrive" / "club.sqlite3")
    text = caught.value.message
    assert str(tmp_path / "OneDrive" / "club.sqlite3") in text and "synced by a cloud service" in text
    assert "multi-till mode on a PostgreSQL server" in text


# --- where the store opens a club ---------------------------------------------------------------------

@pytest.fixture
def share(tmp_path, monkeypatch):
    """``tmp_path / "share"`` listed as a CIFS mount in a mount table of the test's own."""
    folder = tmp_path / "share"
    table = tmp_path / "mounts"
    system = Path(location.MOUNTS).read_text() if Path(location.MOUNTS).is_file() else LOCAL
    table.write_text(system + f"//nas/shop {str(folder.resolve()).replace(' ', chr(92) + '040')} cifs rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", str(table))
    return folder


def test_a_club_is_neither_made_nor_opened_on_a_share(share, tmp_path, monkeypatch):
    with pytest.raises(NotOnThisComputer, match=r"network share \(cifs\)"):
        services.open_club(share / "club.sqlite3", key=club_key(share / "club.sqlite3"))
    assert not share.exists()  # refused before any folder or file is made
    local = tmp_path / "mounts-local"
    local.write_text(LOCAL)
    monkeypatch.setattr(location, "MOUNTS", str(local))
    services.open_club(share / "club.sqlite3", key=club_key(share / "club.sqlite3")).close()  # made while the folder was local
    monkeypatch.setattr(location, "MOUNTS", str(tmp_path / "no such table"))  # no table to read: allowed
    services.open_club(share / "club.sqlite3", key=club_key(share / "club.sqlite3")).close()
    monkeypatch.setattr(location, "MOUNTS", str(tmp_path / "mounts"))  # then the folder became a share
    with pytest.raises(NotOnThisComputer):
        services.open_club(share / "club.sqlite3", create=False, key=club_key(share / "club.sqlite3"))


def test_a_real_tmpfs_is_local(tmp_path):
    if "tmpfs /dev/shm" not in (Path(location.MOUNTS).read_text() if Path(location.MOUNTS).is_file() else ""):
        pytest.skip("no tmpfs at /dev/shm on this system")
    folder = Path("/dev/shm") / f"loyaltydesk-{tmp_path.name}"
    try:
        db = services.open_club(folder / "club.sqlite3", key=club_key(folder / "club.sqlite3"))
        assert db.value("SELECT count(*) FROM members") == 0
        db.close()
    finally:
        for p in folder.glob("*"):
            p.unlink()
        folder.rmdir()


def test_the_command_line_refuses_a_club_on_a_share(share, capsys):
    code = main(["--db", str(share / "club.sqlite3"), "--json", "init"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("loyaltydesk: error: The club cannot be kept at ")
    assert "network share (cifs)" in err and "multi-till mode on a PostgreSQL server" in err
    assert not share.exists()


def _program() -> str:
    """The ``loyaltydesk`` command of this environment (what ``uv run loyaltydesk`` runs)."""
    found = Path(sys.executable).parent / ("loyaltydesk.exe" if sys.platform == "win32" else "loyaltydesk")
    assert found.is_file(), found
    return str(found)


def test_the_program_refuses_a_club_in_a_synced_folder(tmp_path):
    club = tmp_path / "Dropbox" / "shop" / "club.sqlite3"
    done = subprocess.run([_program(), "--db", str(club), "--json", "init"], capture_output=True, text=True,
                          env={"LOYALTYDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "the folder Dropbox is synced by a cloud service" in done.stderr
    assert "multi-till mode on a PostgreSQL server" in done.stderr
    assert not (tmp_path / "Dropbox").exists()


def test_the_program_refuses_to_open_an_existing_club_on_a_share(share, tmp_path, monkeypatch):
    table = location.MOUNTS
    local = tmp_path / "mounts-before"
    local.write_text(LOCAL)
    monkeypatch.setattr(location, "MOUNTS", str(local))
    services.open_club(share / "club.sqlite3", key=club_key(share / "club.sqlite3")).close()  # made before the folder became a share
    # the program itself, told (by a test-only assignment, not by anything it reads) which mount table to read
    script = ("import sys; from loyaltydesk.store import location; location.MOUNTS = sys.argv[1]; "
              "from loyaltydesk.cli import main; sys.exit(main(sys.argv[2:]))")
    done = subprocess.run([sys.executable, "-c", script, table, "--db", str(share / "club.sqlite3"), "--json", "init"],
                          capture_output=True, text=True, timeout=120,
                          env={"LOYALTYDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "network share (cifs)" in done.stderr and "multi-till mode on a PostgreSQL server" in done.stderr
