"""Rebuild news.warc.gz from the pages in pages/ (run with the project's venv: warcio is a dependency).

The pages are named `*.html.in`, not `*.html`, so that `eventwire run examples` reads them only from
the archive and not a second time as loose HTML files. Record order and dates are fixed, so a rebuild
gives the same records (warcio still stamps each record with a fresh WARC-Record-ID).

    .venv/bin/python examples/warc/build_warc.py
"""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
# page file -> (the URL it was captured from, the capture time)
PAGES = {
    "moskalik_volga_herald.html.in": (
        "https://volga-herald.example/news/2025/04/25/balashikha-golf-explosion",
        "2025-04-25T12:04:31Z",
    ),
    "kyiv_coastline_syndicated.html.in": (
        "https://coastline-news.example/world/2025/04/24/russian-attack-kyiv",
        "2025-04-24T10:15:07Z",
    ),
}


def main() -> None:
    with (HERE / "news.warc.gz").open("wb") as output:
        writer = WARCWriter(output, gzip=True, warc_version="WARC/1.1")
        for name, (url, captured) in PAGES.items():
            payload = (HERE / "pages" / name).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(payload))),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(payload),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": captured},
            )
            writer.write_record(record)


if __name__ == "__main__":
    main()
