"""The printing commands: card, cards, receipt (with ESC/POS), errors without tracebacks."""

from __future__ import annotations

import pytest

from loyaltydesk.cli import main
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.text import to_persian_digits

from tests.conftest import CLI_OWNER

from .conftest import has_phrase, page_size_mm, pdf_text, qr_codes, render

NOW = "2025-06-01T08:00:00Z"


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch, as_owner):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    db = tmp_path / "club.sqlite3"

    def run(*args):
        code = main(["--db", str(db), *as_owner, "--now", NOW] + [str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    for args in (["init", "--owner", CLI_OWNER], ["club", "set", "--shop-name", "فروشگاه پارس"],
                 ["tier", "add", "برنزی", "--threshold", "0", "--discount", "0", "--multiplier", "100"],
                 ["tier", "add", "طلایی", "--threshold", "10000000", "--discount", "5", "--multiplier", "150",
                  "--color", "#d4af37"],
                 ["member", "add", "--mobile", "09121234567", "--first-name", "مریم", "--last-name", "رضایی"],
                 ["member", "add", "--mobile", "09351112233", "--first-name", "رضا", "--last-name", "احمدی"],
                 ["purchase", "09121234567", "--amount", "20000000"]):
        code, out, err = run(*args)
        assert code == 0, err
    return run


def test_card_command(tmp_path, cli):
    out_pdf = tmp_path / "out" / "cards.pdf"
    code, out, err = cli("card", "09121234567", "09351112233", "--out", out_pdf, "--layout", "single")
    assert code == 0, err
    assert "2 cards (single) written to" in out
    pdf = out_pdf.read_bytes()
    assert len(page_size_mm(pdf, tmp_path)) == 2
    text = pdf_text(pdf, tmp_path)
    assert has_phrase(text, "مریم رضایی") and has_phrase(text, "رضا احمدی") and has_phrase(text, "فروشگاه پارس")
    codes = [c for png in render(pdf, tmp_path) for c in qr_codes(png)]
    assert len(codes) == 2
    for c in codes:
        assert has_phrase(text, to_persian_digits(format_card(c)))


@pytest.mark.parametrize("args, count", [(["--all"], 2), (["--tier", "طلایی"], 1), (["--since", "1404/03/11"], 2)])
def test_cards_command(tmp_path, cli, args, count):
    out_pdf = tmp_path / "batch.pdf"
    code, out, err = cli("cards", *args, "--out", out_pdf)
    assert code == 0, err
    [png] = render(out_pdf.read_bytes(), tmp_path)
    assert len(qr_codes(png)) == count


def test_receipt_command(tmp_path, cli):
    code, out, err = cli("receipt", "1", "--width", "58", "--out", tmp_path / "r.pdf", "--escpos", tmp_path / "r.bin")
    assert code == 0, err
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert page_size_mm(pdf, tmp_path)[0][0] == 58.0
    text = pdf_text(pdf, tmp_path)
    assert has_phrase(text, "مبلغ کل") and has_phrase(text, "۲٬۰۰۰٬۰۰۰ تومان") and has_phrase(text, "مریم رضایی")
    stream = (tmp_path / "r.bin").read_bytes()
    assert stream.startswith(b"\x1b@") and b"\x1dv0" in stream


@pytest.mark.parametrize("args, message", [
    (["receipt", "42", "--out", "x.pdf"], "There is no purchase 42."),
    (["card", "0912", "--out", "x.pdf"], "'0912' is neither a card number nor a mobile number."),
    (["cards", "--out", "x.pdf"], "Choose whose cards to print"),
    (["cards", "--tier", "الماسی", "--out", "x.pdf"], "There is no tier named الماسی."),
    (["cards", "--since", "1404/13/01", "--all", "--out", "x.pdf"], "is not a Jalali date"),
])
def test_errors_are_one_readable_line(tmp_path, cli, args, message):
    code, out, err = cli(*args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_unwritable_output(tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = cli("cards", "--all", "--out", blocker / "cards.pdf")
    assert code == 1 and "Cannot write" in err


def test_the_command_line_knows_the_layouts_and_rolls_without_loading_printing():
    import subprocess
    import sys

    from loyaltydesk.cli import printing as cli_printing
    from loyaltydesk.printing.cards import LAYOUTS
    from loyaltydesk.printing.receipts import ROLLS

    assert cli_printing.LAYOUTS == LAYOUTS and set(cli_printing.ROLLS) == set(ROLLS)
    code = ("import sys; from loyaltydesk.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('reportlab', 'escpos', 'uharfbuzz') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
