"""Imported only by the parsing forkserver (see sandbox): import the HTML parsers and run them once.

trafilatura builds its tables on first use (~0.7 s); children forked afterwards inherit them warm,
so each limited parse costs milliseconds to start instead of a second.
"""

from trustreg.textextract.html import extract_html

extract_html(b"<html><head><title>warm</title></head><body><article><p>Warm up the parsers.</p></article></body></html>")
