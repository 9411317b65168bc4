"""Security rule 4: rendering fetches nothing from the network or the disk, and still makes a PDF."""

from __future__ import annotations

import http.server
import io
import threading

import pikepdf

from wizard.documents.pdf import render_pdf


class Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        Counter.hits += 1
        self.send_response(302)
        self.send_header("Location", "file:///etc/hostname")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_no_fetch_no_embedded_file_and_still_a_pdf():
    server = http.server.HTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/"
    html = f"""<!DOCTYPE html><html lang="en-GB"><head><title>Hostile</title>
      <link rel="stylesheet" href="{url}style.css">
      <style>@import url("{url}import.css"); body {{ background: url("{url}bg.png"); }}</style>
      <link rel="attachment" href="file:///etc/hostname"></head>
      <body><h1>Still made</h1><img src="{url}img.png" alt="x"><img src="file:///etc/passwd" alt="y">
      <a rel="attachment" href="file:///etc/hostname">attached</a>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="tiny"></body></html>"""
    try:
        pdf = render_pdf(html)
    finally:
        server.shutdown()
        server.server_close()
    assert Counter.hits == 0
    assert pdf.startswith(b"%PDF")
    assert b"/EmbeddedFile" not in pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
