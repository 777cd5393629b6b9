"""Where a club file may live: on this computer's own disk, never on a network share or in a folder
that a cloud service syncs.

SQLite's write-ahead log needs every program that opens the file on the same computer (its shared
memory and locks do not cross a network), and a sync service uploads the file and its ``-wal``
separately, half-written: either way the club corrupts. A shop with several tills shares one club
through the multi-till mode on a PostgreSQL server instead.

The decision is a pure function of the path and what the system says about it (the text of
``/proc/mounts`` on Linux, a drive's type on Windows), so it is tested with tables;
``where_refused`` asks the running system.
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Callable
from pathlib import PurePosixPath, PureWindowsPath

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

MOUNTS = "/proc/mounts"

# File systems whose files live on another computer (fuse.* is matched by its prefix: sshfs, rclone,
# gvfs and other user-space mounts whose locking SQLite cannot rely on).
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "ncpfs", "afs", "coda", "ceph", "glusterfs", "lustre",
    "davfs",
})
FUSE_PREFIX = "fuse."

# Folders the sync services make (Windows, macOS and Linux names), compared in lower case.
SYNC_FOLDERS = frozenset({
    "dropbox", "onedrive", "google drive", "googledrive", "my drive", "icloud drive", "iclouddrive",
    "com~apple~clouddocs", "mobile documents", "cloudstorage",
})
SYNC_PREFIXES = ("dropbox (", "onedrive - ", "onedrive-", "googledrive-", "google drive (")

DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


class NotOnThisComputer(LoyaltyError):
    """A club file on a network share or in a synced folder (the template says which)."""


ON_NETWORK_SHARE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club cannot be kept at {path}: that folder is on a network share ({kind}), where SQLite's "
    "file gets corrupted. Keep the club on this computer's own disk (the backups may go to the share); for "
    "several tills sharing one club, use the multi-till mode on a PostgreSQL server (--db postgresql://...)."
)
ON_NETWORK_DRIVE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club cannot be kept at {path}: drive {drive} is a network drive, where SQLite's file gets "
    "corrupted. Keep the club on this computer's own disk (the backups may go to the network drive); for several "
    "tills sharing one club, use the multi-till mode on a PostgreSQL server (--db postgresql://...)."
)
IN_SYNC_FOLDER = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The club cannot be kept at {path}: the folder {folder} is synced by a cloud service, which "
    "uploads the club half-written and corrupts it. Keep the club on this computer's own disk outside that "
    "folder; for several tills sharing one club, use the multi-till mode on a PostgreSQL server "
    "(--db postgresql://...)."
)


def _unescape(field: str) -> str:
    """A /proc/mounts field: spaces, tabs, new lines and backslashes come as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_of(path: str, mounts_text: str) -> tuple[str, str] | None:
    """(mount point, file system type) of the mount holding the absolute POSIX ``path``: the
    longest mount point that contains it (the last one listed wins when one is mounted over another)."""
    target = PurePosixPath(path)
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point, kind = _unescape(fields[1]), fields[2]
        mounted = PurePosixPath(point)
        if (target == mounted or mounted in target.parents) and (best is None or len(point) >= len(best[0])):
            best = (point, kind)
    return best


def is_network_file_system(kind: str) -> bool:
    return kind in NETWORK_FILE_SYSTEMS or kind.startswith(FUSE_PREFIX)


def sync_folder(parts) -> str | None:
    """The first folder among ``parts`` that a cloud service syncs, else None."""
    for part in parts:
        low = part.lower()
        if low in SYNC_FOLDERS or low.startswith(SYNC_PREFIXES):
            return part
    return None


def _unc(path: str) -> bool:
    """``\\\\server\\share\\...`` (also ``//server/share`` and ``\\\\?\\UNC\\...``), not a device path."""
    p = path.replace("/", "\\")
    if p.upper().startswith("\\\\?\\UNC\\"):
        return True
    return p.startswith("\\\\") and not p.startswith(("\\\\?\\", "\\\\.\\"))


def refusal(path: str, *, windows: bool, mounts_text: str | None = None,
            drive_type: Callable[[str], int] | None = None) -> tuple[str, dict] | None:
    """Why the club file at ``path`` (absolute, links resolved) may not be used: (template, its
    parameters but the path); None when it is on this computer's own disk. ``windows``: a Windows
    path, and ``drive_type(root)`` is GetDriveTypeW there; elsewhere ``mounts_text`` is the text of
    /proc/mounts (None: no mount table to read, as on macOS)."""
    if windows:
        if _unc(path):
            return ON_NETWORK_SHARE, {"kind": "UNC"}
        drive = ntpath.splitdrive(path)[0]
        if drive and drive_type is not None and drive_type(drive + "\\") == DRIVE_REMOTE:
            return ON_NETWORK_DRIVE, {"drive": drive}
        parts = PureWindowsPath(path).parent.parts[1:]
    else:
        found = mount_of(path, mounts_text) if mounts_text is not None else None
        if found is not None and is_network_file_system(found[1]):
            return ON_NETWORK_SHARE, {"kind": found[1]}
        parts = PurePosixPath(path).parent.parts[1:]
    folder = sync_folder(parts)
    return (IN_SYNC_FOLDER, {"folder": folder}) if folder else None


def _windows_drive_type(root: str) -> int:
    import ctypes

    if sys.platform == "win32":  # where_refused asks on Windows only: ctypes.windll is there alone
        return ctypes.windll.kernel32.GetDriveTypeW(root)
    raise OSError(f"no drive type for {root} outside Windows")


def _resolved(path) -> str:
    """``path`` made absolute with its links resolved, as far as it exists (a new club's file and
    folders may not exist yet)."""
    return os.path.realpath(os.path.abspath(os.fspath(path)))


def where_refused(path, *, mounts: str | None = None) -> tuple[str, dict] | None:
    """``refusal`` asked of this computer. ``mounts``: the mount table's file (``MOUNTS`` unless given)."""
    resolved = _resolved(path)
    if sys.platform == "win32":
        return refusal(resolved, windows=True, drive_type=_windows_drive_type)
    try:
        with open(mounts or MOUNTS, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = None
    return refusal(resolved, windows=False, mounts_text=text)


def require_local(path, *, mounts: str | None = None) -> None:
    """Refuse (``NotOnThisComputer``) a club file on a network share or in a synced folder."""
    found = where_refused(path, mounts=mounts)
    if found is not None:
        template, params = found
        raise NotOnThisComputer(template, path=str(path), **params)
