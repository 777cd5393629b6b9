"""Printed documents: member cards, receipts (PDF and ESC/POS) and report PDFs.

Plain data in, bytes out; nothing here reads the database (``services.documents`` gathers the
data). ``text`` is the one module that knows how to put Persian into a PDF.
"""
