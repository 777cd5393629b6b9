"""ESC/POS output through python-escpos's own Dummy and File printers, decoded back to pixels."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops

from loyaltydesk.printing.escpos import escpos_bytes, print_receipt, write_escpos
from loyaltydesk.printing.receipts import receipt_image
from loyaltydesk.services import documents

GS_V0 = b"\x1dv0"
CUT = (b"\x1dV\x00", b"\x1dV\x01", b"\x1dVA", b"\x1dVB")


def decode_rasters(stream: bytes) -> Image.Image:
    """Every ``GS v 0`` raster in ``stream``, stacked top to bottom into one 1-bit image."""
    parts, pos = [], 0
    while (pos := stream.find(GS_V0, pos)) != -1:
        mode, xl, xh, yl, yh = stream[pos + 3:pos + 8]
        assert mode == 0  # normal density
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        data = stream[pos + 8:pos + 8 + width_bytes * height]
        # ESC/POS: a set bit is a printed (black) dot; Pillow's "1" mode: a set bit is white.
        parts.append(Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data)))
        pos += 8 + len(data)
    assert parts, "no raster image in the stream"
    out = Image.new("1", (parts[0].width, sum(p.height for p in parts)), 1)
    y = 0
    for p in parts:
        out.paste(p, (0, y))
        y += p.height
    return out


@pytest.fixture
def receipt(club, members):
    from loyaltydesk import services

    r = services.checkout.register_purchase(club, members["maryam"].card, 12_345_000)
    return documents.receipt_data(club, r.purchase_id)


@pytest.mark.parametrize("width, dots", [(80, 576), (58, 384)])
def test_dummy_printer_gets_the_receipt_image(receipt, width, dots):
    stream = escpos_bytes(receipt, width=width)
    assert stream.startswith(b"\x1b@")  # ESC @: initialise
    assert any(cut in stream[-8:] for cut in CUT)
    printed = decode_rasters(stream)
    expected = receipt_image(receipt, width=width)
    assert printed.size == expected.size and printed.width == dots
    assert ImageChops.difference(printed.convert("L"), expected.convert("L")).getbbox() is None
    # There is ink: text in the top rows (the shop's name) and in the last lines.
    grey = printed.convert("L")
    assert grey.crop((0, 0, dots, 60)).getextrema()[0] == 0
    assert 20_000 < grey.histogram()[0] < printed.width * printed.height // 3


def test_file_printer_writes_the_same_stream(tmp_path, receipt):
    path = tmp_path / "receipt.bin"
    size = write_escpos(receipt, path, width=80)
    assert size == path.stat().st_size == len(escpos_bytes(receipt, width=80))
    assert path.read_bytes() == escpos_bytes(receipt, width=80)


def test_any_escpos_printer_object(receipt, capsys):
    printer = Dummy()
    printer.profile.profile_data = {**printer.profile.profile_data,
                                    "media": {"width": {"pixels": 512}, "dpi": 203}}
    print_receipt(printer, receipt, width=80, dots=512, cut=False)
    assert decode_rasters(printer.output).width == 512
    assert not any(cut in printer.output[-8:] for cut in CUT)
    assert capsys.readouterr().out == ""  # python-escpos printed no warning on stdout
