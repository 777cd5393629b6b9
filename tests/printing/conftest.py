"""Reading printed documents back: text through poppler's pdftotext, pages through pdftoppm,
QR codes through zbarimg. Nothing here trusts our own code to say what it drew."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from loyaltydesk import services

TOOLS = ("pdftotext", "pdftoppm", "pdfinfo", "zbarimg")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)


def pytest_collection_modifyitems(items):
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:  # the tests read PDFs with these: without them they cannot say anything
        raise pytest.UsageError(f"tests/printing needs {', '.join(missing)}: apt-get install -y poppler-utils zbar-tools")


def pdf_text(pdf: bytes, tmp_path: Path, name: str = "doc") -> str:
    """The text poppler extracts, NFKC-normalised, bidi marks dropped, runs of spaces collapsed
    within each line (lines kept)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    text = unicodedata.normalize("NFKC", raw.decode("utf-8")).translate(_BIDI_MARKS)
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())


def words(text: str) -> list[str]:
    return text.split()


def render(pdf: bytes, tmp_path: Path, name: str = "page", dpi: int = 300) -> list[Path]:
    """Every page as a PNG at ``dpi``."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(tmp_path / name)], check=True)
    return sorted(tmp_path.glob(f"{name}-*.png"))


def qr_codes(png: Path) -> list[str]:
    """Every QR code zbarimg finds in ``png`` (empty when none)."""
    run = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True)
    return sorted(line.strip() for line in run.stdout.splitlines() if line.strip())


def page_size_mm(pdf: bytes, tmp_path: Path, name: str = "info") -> list[tuple[float, float]]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], check=True, capture_output=True,
                         text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    return [(round(float(w) / 72 * 25.4, 2), round(float(h) / 72 * 25.4, 2)) for w, h in sizes]


@pytest.fixture
def members(club):
    """Three members of the test club, with Persian names (one with a ZWNJ), in three tiers."""
    s = club
    maryam = services.members.sign_up(s, "09121234567", "مریم", "رضایی")
    ali = services.members.sign_up(s, "09351112233", "علی‌اکبر", "محمدی")
    sara = services.members.sign_up(s, "09190001122", "سارا", "کریمی")
    services.checkout.register_purchase(s, ali.card, 60_000_000)  # up to نقره‌ای
    services.checkout.register_purchase(s, sara.card, 160_000_000)  # up to طلایی
    return {"maryam": services.members.get_member(s, maryam.card), "ali": services.members.get_member(s, ali.card),
            "sara": services.members.get_member(s, sara.card)}


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def has_phrase(text: str, phrase: str) -> bool:
    """``phrase`` is on one line of ``text``, its characters in the same (logical) order.

    Spaces are not compared where poppler cannot see them: where a left-to-right number meets a
    right-to-left word it often drops the space that was drawn between them."""
    phrase = squash(unicodedata.normalize("NFKC", phrase))
    return any(phrase in squash(line) for line in text.splitlines())
