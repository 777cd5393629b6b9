"""Real small disks for the tests of a full disk and of I/O errors: a tmpfs mounted for the test
(root, as here and in CI), and a filler file that leaves a given room on it.

Where mounting is refused the caller gets None, except with ``LOYALTYDESK_E2E_REQUIRED=1`` (CI):
there a refused mount fails the test, since a skipped test of a full disk proves nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRED = os.environ.get("LOYALTYDESK_E2E_REQUIRED") == "1"


@contextmanager
def small_disk(folder: Path, size: str = "1200k"):
    """A tmpfs of ``size`` at ``folder``, unmounted afterwards; None where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        if REQUIRED:
            pytest.fail(f"a tmpfs could not be mounted ({mounted.stderr.strip()}): LOYALTYDESK_E2E_REQUIRED=1 "
                        "asks for the tests of a full disk to run (as root)")
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave_kb: int) -> Path:
    """A filler file that leaves ``leave_kb`` KiB free on the disk of ``folder``."""
    free = shutil.disk_usage(folder).free // 1024
    filler = folder / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1k", f"count={max(free - leave_kb, 0)}"],
                   capture_output=True)
    return filler
