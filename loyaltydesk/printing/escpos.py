"""Receipts on ESC/POS thermal printers, through python-escpos.

Thermal printers have no Persian font (and the few code pages with Arabic letters cannot join
them), so the receipt is sent as an image raster (``GS v 0``): exactly the layout of the PDF,
drawn by ``receipts.receipt_image``. Any python-escpos printer works (``Usb``, ``Network``,
``Serial``, ``File``, ``Win32Raw``…); ``escpos_bytes`` and ``write_escpos`` give the byte stream
for a file or a spooler.
"""

from __future__ import annotations

import copy
from pathlib import Path

from escpos.printer import Dummy, File

from .receipts import ReceiptData, receipt_image

DPI = 203  # nearly every 58/80 mm thermal printer


def _fit_profile(printer, dots: int) -> None:
    """Tell a printer we made ourselves how wide its paper is, so python-escpos neither warns on
    stdout nor refuses the image. (Its profile dict is shared: change a copy.)"""
    data = copy.deepcopy(printer.profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = dots
    data["media"]["dpi"] = DPI
    printer.profile.profile_data = data


def _send(printer, image, cut: bool) -> None:
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster", center=False)
    if cut:
        printer.cut()


def print_receipt(printer, receipt: ReceiptData, *, width: int = 80, cut: bool = True,
                  dots: int | None = None) -> None:
    """Send ``receipt`` to an open python-escpos ``printer`` as a raster image, then cut.
    ``dots``: the printer's printable width in dots (default 576 on 80 mm, 384 on 58 mm)."""
    _send(printer, receipt_image(receipt, width=width, dpi=DPI, dots=dots), cut)


def escpos_bytes(receipt: ReceiptData, *, width: int = 80, cut: bool = True) -> bytes:
    """The ESC/POS byte stream of ``receipt`` (what a printer on a raw queue would receive)."""
    image = receipt_image(receipt, width=width, dpi=DPI)
    printer = Dummy()
    _fit_profile(printer, image.width)
    _send(printer, image, cut)
    return printer.output


def write_escpos(receipt: ReceiptData, path: str | Path, *, width: int = 80, cut: bool = True) -> int:
    """Write the ESC/POS stream to ``path`` (a file, or a device such as ``/dev/usb/lp0``) through
    python-escpos's ``File`` printer; returns the number of bytes written."""
    image = receipt_image(receipt, width=width, dpi=DPI)
    printer = File(str(path))
    try:
        _fit_profile(printer, image.width)
        _send(printer, image, cut)
    finally:
        printer.close()
    return Path(path).stat().st_size
