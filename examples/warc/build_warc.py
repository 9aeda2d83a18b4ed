"""Rebuild news.warc.gz from the pages in pages/ (run with the project's venv: warcio is a dependency)."""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
PAGES = {
    "moskalik_volga_herald.html.in": (
        "https://volga-herald.example/news/2025/04/25/balashikha-golf-bomb",
        "2025-04-25T12:00:00Z",
    ),
    "kyiv_syndicated_copy.html.in": (
        "https://coastline-news.example/world/kyiv-strike",
        "2025-04-24T10:00:00Z",
    ),
}


def main() -> None:
    with (HERE / "news.warc.gz").open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for name, (url, captured) in PAGES.items():
            payload = (HERE / "pages" / name).read_bytes()
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": captured},
            )
            writer.write_record(record)


if __name__ == "__main__":
    main()
