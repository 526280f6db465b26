"""Regenerate ``crawl.warc.gz``: three fictional news pages as WARC ``response`` records.

The pages are our own fictional wire copy (see README.md in this folder). Run from anywhere::

    python src/diurna/data/sample/make_warc.py

The output is deterministic: record ids and dates are fixed, so re-running it reproduces the same records.
"""

from __future__ import annotations

import uuid
from html import escape
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "corpus" / "crawl.warc.gz"
NAMESPACE = uuid.UUID("6f1c2a52-9d0e-4a53-8c1f-0d1a7e5b2c11")

PAGES = [
    {
        "url": "https://www.caribbeanexample.com/world/guyana-venezuela-border-tension",
        "date": "2023-12-07",
        "title": "Guyana accuses Venezuela of massing troops near border",
        "author": "Marcia Ramdin",
        "paragraphs": [
            "GEORGETOWN (ExampleWire) - Guyana accused Venezuela on Wednesday of massing troops near the border "
            "of the disputed Essequibo region, days after Venezuelans voted in a referendum to claim the territory.",
            "Venezuela's defence minister said the armed forces were on maximum alert and would defend "
            "\"every centimetre\" of the national territory.",
            "US and Guyanese forces held joint air exercises in southern Guyana last week, the US embassy in "
            "Georgetown said.",
            "Brazil's defence ministry said it had reinforced its military presence in the northern state of "
            "Roraima, which borders both countries.",
            "The UN secretary-general urged both governments to avoid any action that could escalate the dispute.",
        ],
    },
    {
        "url": "https://www.hornexample.com/africa/us-strike-jilib",
        "date": "2020-02-24",
        "title": "US air strike kills four al-Shabaab fighters near Jilib",
        "author": "Abdirahman Yusuf",
        "paragraphs": [
            "MOGADISHU (ExampleWire) - The US military said it carried out an air strike against al-Shabaab "
            "fighters near Jilib in southern Somalia on Sunday, killing four militants.",
            "The strike was conducted in coordination with the Somali government, the US Africa Command said "
            "in a statement, adding that no civilians were harmed.",
            "Somalia's government thanked Washington for its support in the fight against the militants.",
            "Al-Shabaab said on a radio station it controls that the strike had killed three farmers.",
        ],
    },
    {
        "url": "https://www.southasiaexample.com/economy/sri-lanka-imf-loan-approved",
        "date": "2023-03-21",
        "title": "IMF approves $3 billion rescue for crisis-hit Sri Lanka",
        "author": "Dilani Perera",
        "paragraphs": [
            "COLOMBO (ExampleWire) - The International Monetary Fund approved a $3 billion loan for Sri Lanka on "
            "Monday, clearing the way for the island nation to restructure its debt after defaulting last year.",
            "About $330 million will be disbursed immediately, the fund said.",
            "Sri Lanka's president thanked China, India and Japan for providing the financing assurances the "
            "IMF had required.",
            "Opposition parties criticised the conditions attached to the loan, including higher taxes and "
            "electricity prices.",
        ],
    },
]


def render(page: dict) -> str:
    """One complete HTML page with navigation, sidebar and footer around the article."""
    paragraphs = "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in page["paragraphs"])
    title = escape(page["title"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="{page['url']}">
  <meta property="article:published_time" content="{page['date']}T07:15:00Z">
  <meta name="author" content="{escape(page['author'])}">
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/economy">Economy</a> | <a href="/login">Log in</a></nav>
  <header><div class="masthead">Example News Network</div></header>
  <div class="layout">
    <article>
      <h1>{title}</h1>
      <div class="meta">By {escape(page['author'])} | {page['date']}</div>
{paragraphs}
    </article>
    <aside class="related">
      <h3>Related stories</h3>
      <ul><li><a href="/world/1">Regional leaders meet on security</a></li>
      <li><a href="/world/2">Markets steady after rate decision</a></li></ul>
    </aside>
  </div>
  <footer>&copy; {page['date'][:4]} Example News Network. Fictional sample page for the diurna project.</footer>
</body>
</html>
"""


def record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, name)}>"


def build(path: Path = OUTPUT) -> int:
    """Write the WARC file; return the number of response records written."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(
        "crawl.warc.gz",
        {"software": "diurna make_warc.py", "description": "fictional sample pages for diurna"},
    )
    info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo"))
    info.rec_headers.replace_header("WARC-Date", "2024-01-01T00:00:00Z")
    writer.write_record(info)
    for page in PAGES:
        body = render(page).encode("utf-8")
        http_headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            page["url"],
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Record-ID": record_id(page["url"]),
                "WARC-Date": f"{page['date']}T08:00:00Z",
            },
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return len(PAGES)


if __name__ == "__main__":
    count = build()
    print(f"wrote {count} response records to {OUTPUT}")
