"""``diurna serve``'s JSON API (diurna.web): filters and paging, articles with their evidence spans, dyad series,
actors, search, coding and saving a pasted text, the limits, JSON errors, and a schemathesis run against our own
OpenAPI schema (no 5xx answer, every error a JSON message).

The store is hand-made (tests/test_store_support.add_synthetic): real sentences whose mentions carry the offsets the
coder would give, so the evidence spans can be checked exactly, without spaCy. Only the test that codes a pasted
text loads spaCy.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from test_store_support import add_synthetic

from diurna.store import Store
from diurna.web import WebLimits, create_app
from diurna.web.evidence import locate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CHL = ("Chile", "Chile", "CHL", "CHL")
CHLGOV = ("Chilean Deputy Foreign Minister Ana Ruiz", "Ana Ruiz", "CHLGOV", "CHL")
BRA = ("Brazil", "Brazil", "BRA", "BRA")
BRAGOV = ("Brazil's foreign minister", "Brazil's foreign minister", "BRAGOV", "BRA")
BRAPOL = ("Brazilian police", "Brazilian police", "BRACOP", "BRA")
HOSTILE_TITLE = '<img src=x onerror="document.title=\'pwned\'"> Chile & Brazil'

# (id, date, title, text, [(sentence index, trigger, source, target, cameo, name, goldstein, quad, plover, modality)])
ARTICLES: list[tuple[str, str, str | None, str, list[tuple[Any, ...]]]] = [
    ("visit-1", "2021-03-16", "Chilean minister in Brasilia",
     "Chilean Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday. "
     "Brazil's foreign minister praised Chile's trade policy.",
     [(0, "visited", CHLGOV, BRA, "042", "Make a visit", 1.9, 1, "CONSULT", "actual"),
      (1, "praised", BRAGOV, CHL, "051", "Praise or endorse", 3.4, 1, "SUPPORT", "actual")]),
    ("treaty-2", "2021-05-04", "A trade agreement",
     "Chile and Brazil signed a trade agreement in Santiago on Monday.",
     [(0, "signed", CHL, BRA, "057", "Sign formal agreement", 8.0, 1, "AGREE", "actual")]),
    ("border-3", "2021-07-10", "Trouble at the border",
     "Chile accused Brazil of blocking trucks at the border. Brazilian police detained two Chilean drivers.",
     [(0, "accused", CHL, BRA, "112", "Accuse", -2.0, 3, "ACCUSE", "actual"),
      (1, "detained", BRAPOL, CHL, "173", "Arrest, detain", -5.0, 4, "COERCE", "actual")]),
    ("hostile-4", "2021-07-12", HOSTILE_TITLE,
     'An aide wrote <script>document.title="pwned"</script> in a memo. Chile threatened Brazil with sanctions.',
     [(1, "threatened", CHL, BRA, "130", "Threaten", -4.4, 3, "THREATEN", "actual")]),
    ("plan-5", "2021-08-01", None,
     "Chile's president is expected to visit Brazil next month.",
     [(0, "visit", CHL, BRA, "042", "Make a visit", 1.9, 1, "CONSULT", "anticipated")]),
    ("andes-6", "2022-01-05", "Lima meeting",
     "Peru's president met Bolivia's president in Lima.",
     [(0, "met", ("Peru's president", "Peru", "PERGOV", "PER"), ("Bolivia's president", "Bolivia", "BOLGOV", "BOL"),
       "040", "Consult", 1.0, 1, "CONSULT", "actual")]),
]


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the hand-made texts (each sentence ends with '. ')."""
    spans, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end == -1 else end + 1
        spans.append((start, end))
        start = end + 1
    return spans


def build_web_store(root: Path) -> Path:
    """The hand-made store of these tests (and of tests/test_web_browser.py)."""
    articles, mentions = [], []
    for aid, date, title, text, events in ARTICLES:
        articles.append({"id": aid, "date": dt.date.fromisoformat(date), "date_precision": "day", "title": title,
                         "text": text, "source": "Example News", "publisher": "examplenews.com", "language": "en",
                         "url": f"https://example.com/{aid}", "num_sentences": len(_sentences(text))})
        spans = _sentences(text)
        for sentence, trigger, source, target, cameo, name, goldstein, quad, plover, modality in events:
            start, end = spans[sentence]
            t = text.index(trigger, start)
            mention: dict[str, Any] = {
                "mention_id": f"{aid}:{sentence}:{t}", "article_id": aid, "sentence": sentence, "start": start,
                "end": end, "text": text[start:end], "trigger": trigger, "trigger_start": t,
                "trigger_end": t + len(trigger), "cameo": cameo, "cameo_name": name, "goldstein": goldstein,
                "quad_class": quad, "plover": plover, "modality": modality, "date": dt.date.fromisoformat(date),
                "confidence": 0.8}
            for side, (words, actor_name, code, country) in (("source", source), ("target", target)):
                mention.update({f"{side}_text": words, f"{side}_name": actor_name, f"{side}_code": code,
                                f"{side}_country": country, f"{side}_implied": False})
            mentions.append(mention)
    add_synthetic(root, articles, mentions)
    return root


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_web_store(tmp_path_factory.mktemp("web") / "store")


@pytest.fixture(scope="session")
def client(web_store: Path) -> TestClient:
    return TestClient(create_app(web_store, allow_save=False), raise_server_exceptions=False)


def _files(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}


# ------------------------------------------------------------------------------------------------ events, mentions

def test_schema_is_published_and_no_page_loads_anything_from_another_site(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/mentions", "/api/articles/{article_id}", "/api/dyad", "/api/dyad/events",
                 "/api/actors", "/api/actors/{actor}/partners", "/api/dyads", "/api/search", "/api/code"):
        assert path in schema["paths"], path
    assert client.get("/docs").status_code == 404  # Swagger UI would load its script from a CDN
    for page in ("/", "/events", "/article", "/dyad", "/actor", "/code"):
        response = client.get(page)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
        assert "http://" not in response.text and "https://" not in response.text, page
        assert "default-src 'self'" in response.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/style.css"):
        body = client.get(asset).text
        assert "://" not in body.replace("http://www.w3.org/2000/svg", ""), asset
        for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in body, (asset, sink)  # text reaches the page as text, never as markup


def test_events_filters_paging_and_sort(client: TestClient) -> None:
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["items"]) == 8
    first = client.get("/api/events", params={"limit": 3, "offset": 0}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == 8 and len(first["items"]) == 3 and len(second["items"]) == 3
    assert [e["event_id"] for e in first["items"] + second["items"]] == \
        [e["event_id"] for e in everything["items"][:6]]
    dyad = client.get("/api/events", params={"dyad": "CHL,BRA"}).json()
    assert {e["rep_article_id"] for e in dyad["items"]} == {"visit-1", "treaty-2", "border-3", "hostile-4",
                                                            "plan-5"}
    by_name = client.get("/api/events", params={"dyad": "Chile,Brazil"}).json()
    assert [e["event_id"] for e in by_name["items"]] == [e["event_id"] for e in dyad["items"]]
    assert client.get("/api/events", params={"cameo": "17"}).json()["items"][0]["rep_article_id"] == "border-3"
    assert [e["rep_article_id"] for e in client.get("/api/events", params={"modality": "anticipated"})
            .json()["items"]] == ["plan-5"]
    window = client.get("/api/events", params={"since": "2021-05-01", "until": "2021-07-10"}).json()
    assert sorted(e["rep_article_id"] for e in window["items"]) == ["border-3", "border-3", "treaty-2"]
    assert client.get("/api/events", params={"plover": "COERCE"}).json()["total"] == 1
    ranked = client.get("/api/events", params={"sort": "goldstein", "order": "asc"}).json()["items"]
    assert [e["goldstein"] for e in ranked] == sorted(e["goldstein"] for e in ranked)
    mentions = client.get("/api/mentions", params={"actor": "PER"}).json()
    assert mentions["total"] == 1 and mentions["items"][0]["mention_id"] == "andes-6:0:17"


@pytest.mark.parametrize("params,message", [
    ({"limit": 501}, "limit"),
    ({"limit": 0}, "limit"),
    ({"offset": -1}, "offset"),
    ({"cameo": "04; DROP TABLE events"}, "cameo"),
    ({"dyad": "CHL"}, "SOURCE,TARGET"),
    ({"actor": "x" * 101}, "actor"),
    ({"actor": "Atlantis Federation"}, "Atlantis"),
    ({"since": "2021-13-01"}, "since"),
    ({"since": "2022-01-01", "until": "2021-01-01"}, "after"),
    ({"sort": "1; DROP TABLE events"}, "sort"),
    ({"modality": "maybe"}, "modality"),
])
def test_bad_filters_are_422_with_a_message(client: TestClient, params: dict[str, Any], message: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert message.lower() in body["error"].lower() and "Traceback" not in response.text


def test_a_quote_in_a_value_is_a_value(client: TestClient) -> None:
    # every value is a query parameter: SQL in a value matches nothing and breaks nothing
    assert client.get("/api/events", params={"plover": "X' OR '1'='1"}).status_code == 422  # unknown type
    response = client.get("/api/search", params={"q": "' OR 1=1 --"})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/search", params={"q": "%"}).json()["total"] == 0  # no LIKE wildcard


# ------------------------------------------------------------------------------------------------ articles, search

def test_article_with_its_evidence_spans(client: TestClient) -> None:
    body = client.get("/api/articles/border-3").json()
    text = body["article"]["text"]
    assert body["article"]["title"] == "Trouble at the border"
    spans = {m["trigger"]: m["evidence"] for m in body["mentions"]}
    accused, detained = spans["accused"], spans["detained"]
    assert text[slice(*accused["sentence"])] == "Chile accused Brazil of blocking trucks at the border."
    assert [text[slice(*accused[k])] for k in ("source", "trigger", "target")] == ["Chile", "accused", "Brazil"]
    assert [text[slice(*detained[k])] for k in ("source", "trigger", "target")] == \
        ["Brazilian police", "detained", "Chilean"] or text[slice(*detained["target"])] == "Chile"
    assert all(m["event_id"] for m in body["mentions"])


def test_evidence_spans_without_offsets() -> None:
    # a store written before version 2 has no trigger_start: the mention id's offset finds the trigger
    text = "Chile said Chile accused Brazil. Brazil denied it."
    ev = locate(text, {"mention_id": "a:0:17", "start": 0, "end": 32, "trigger": "accused",
                       "source_text": "Chile", "target_text": "Brazil"})
    assert (ev.trigger, ev.source, ev.target) == ((17, 24), (11, 16), (25, 31))
    implied = locate(text, {"start": 33, "end": 50, "trigger": "denied", "source_text": "Brazil",
                            "target_text": "Chile", "target_implied": True})
    assert implied.trigger == (40, 46) and implied.source == (33, 39) and implied.target is None
    assert locate(text, {"start": 99, "end": 120, "text": "not there", "trigger": "x"}).sentence is None


def test_unknown_article_is_404_json(client: TestClient) -> None:
    response = client.get("/api/articles/no-such-article")
    assert response.status_code == 404 and "no-such-article" in response.json()["error"]
    assert client.get("/api/nothing-here").json() == {"error": "Not Found"}


def test_search_in_sentences(client: TestClient) -> None:
    page = client.get("/api/search", params={"q": "DETAINED two"}).json()
    assert page["total"] == 1
    hit = page["items"][0]
    assert hit["article_id"] == "border-3" and hit["text"][slice(*hit["match"])] == "detained two"
    assert client.get("/api/search", params={"q": ""}).status_code == 422
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 422


# ------------------------------------------------------------------------------------------------ explore

def test_dyad_series_and_the_events_of_a_period(client: TestClient) -> None:
    series = client.get("/api/dyad", params={"a": "CHL", "b": "BRA"}).json()
    periods = {p["period_label"]: p for p in series["periods"]}
    assert list(periods) == ["2021-03", "2021-04", "2021-05", "2021-06", "2021-07"]  # gaps filled, plan-5 left out
    assert (periods["2021-07"]["events"], periods["2021-07"]["quad3"], periods["2021-04"]["events"]) == (2, 2, 0)
    both = client.get("/api/dyad", params={"a": "Chile", "b": "Brazil", "both_directions": True}).json()
    assert sum(p["events"] for p in both["periods"]) == 6  # 4 one way, 2 the other
    found = client.get("/api/dyad/events", params={"a": "CHL", "b": "BRA", "period": "2021-07"}).json()
    assert found["total"] == 2 and {e["cameo"] for e in found["items"]} == {"112", "130"}
    for event in found["items"]:  # each event leads to its evidence
        article = client.get(f"/api/articles/{event['article_id']}").json()
        mention = next(m for m in article["mentions"] if m["mention_id"] == event["mention_id"])
        assert article["article"]["text"][slice(*mention["evidence"]["trigger"])] == mention["trigger"]
    assert client.get("/api/dyad/events", params={"a": "CHL", "b": "BRA", "period": "July"}).status_code == 422
    assert client.get("/api/dyad", params={"a": "CHL", "b": "BRA", "by": "decade"}).status_code == 422


def test_actors_partners_and_dyads(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 3}).json()["items"]
    assert len(actors) == 3 and actors[0]["events"] >= actors[-1]["events"]
    partners = client.get("/api/actors/PER/partners").json()
    assert [p["partner"] for p in partners["items"]] == ["BOLGOV"]
    dyads = client.get("/api/dyads", params={"limit": 2}).json()["items"]
    assert (dyads[0]["source"], dyads[0]["target"], dyads[0]["events"]) == ("CHL", "BRA", 4)


# ------------------------------------------------------------------------------------------------ safety

def test_internal_errors_are_json_without_a_traceback(web_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(web_store, allow_save=False)
    client = TestClient(app, raise_server_exceptions=False)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(app.state.data, "page", broken)
    response = client.get("/api/events")
    assert response.status_code == 500
    assert response.json()["error"].startswith("internal error") and "secret" not in response.text


def test_size_limits_origin_and_host(web_store: Path) -> None:
    limits = WebLimits(max_text_chars=1000, max_body_bytes=5000)
    client = TestClient(create_app(web_store, limits=limits, allow_save=False,
                                   allowed_hosts=["testserver", "127.0.0.1"]))
    too_long = client.post("/api/code", json={"text": "Chile protested. " * 100})
    assert too_long.status_code == 413 and "1,000 characters" in too_long.json()["error"]
    too_big = client.post("/api/code", json={"text": "x" * 6000})
    assert too_big.status_code == 413 and "5,000 bytes" in too_big.json()["error"]
    assert client.post("/api/code", json={"text": "   "}).status_code == 422
    assert client.post("/api/code", json={"text": 5}).status_code == 422
    assert client.post("/api/code", json={"text": "Chile protested.", "save": True}).status_code == 403
    cross = client.post("/api/code", json={"text": "Chile protested."}, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403 and "cross-site" in cross.json()["error"]
    rebinding = client.get("/api/events", headers={"Host": "evil.example:8000"})
    assert rebinding.status_code == 400 and "evil.example" in rebinding.json()["error"]
    assert client.get("/api/events", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_host_names_and_the_loopback() -> None:
    from diurna.cli.serve import is_loopback
    from diurna.web.app import host_name

    assert [host_name(h) for h in ("127.0.0.1:8000", "LocalHost", "[::1]:8000", "[::1]", "::1")] == \
        ["127.0.0.1", "localhost", "::1", "::1", "::1"]
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.5", "example.org", "::"))


def test_reading_changes_nothing_in_the_store(web_store: Path, client: TestClient) -> None:
    before = _files(web_store)
    for url in ("/api/events", "/api/mentions", "/api/articles/visit-1", "/api/dyad?a=CHL&b=BRA", "/api/actors",
                "/api/dyads", "/api/search?q=Chile", "/api/info"):
        assert client.get(url).status_code == 200, url
    assert _files(web_store) == before


def test_code_a_text_then_save_it(web_store: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(web_store, root)
    client = TestClient(create_app(root))
    text = "Chilean Deputy Foreign Minister Ana Ruiz visited Brasilia on Tuesday."
    coded = client.post("/api/code", json={"text": text, "date": "2024-05-08", "title": "A visit"}).json()
    assert coded["saved"] is None
    visit = next(e for e in coded["events"] if e["cameo"].startswith("042"))
    assert coded["text"][slice(*visit["evidence"]["trigger"])] == "visited"
    assert Store(root).query("SELECT count(*) FROM articles").column(0)[0].as_py() == len(ARTICLES)
    saved = client.post("/api/code", json={"text": text, "date": "2024-05-08", "title": "A visit",
                                           "save": True}).json()["saved"]
    assert saved["coded"] == 1 and saved["article_id"].startswith("pasted-")
    article = client.get(f"/api/articles/{saved['article_id']}").json()
    assert article["article"]["title"] == "A visit"
    assert any(m["trigger"] == visit["trigger"] for m in article["mentions"])
    again = client.post("/api/code", json={"text": text, "date": "2024-05-08", "title": "A visit",
                                           "save": True}).json()["saved"]
    assert (again["coded"], again["unchanged"]) == (0, 1)  # the same text saved twice is one article


# ------------------------------------------------------------------------------------------------ fuzzing

def test_fuzzed_requests_never_get_a_server_error(web_store: Path) -> None:
    """Every operation of our OpenAPI schema, with requests schemathesis draws from it (valid and invalid values,
    a bounded number per operation, always the same ones): never a 5xx, and every error is a JSON message."""
    # read-only and with a small text limit: fuzzing never writes and never codes long texts
    app = create_app(web_store, allow_save=False, limits=WebLimits(max_text_chars=300, max_body_bytes=4000))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:
        examples = 3 if operation.method.upper() == "POST" else 6  # POST /api/code runs the coder: fewer

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call(timeout=120)  # the first text coded loads spaCy
            where = f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:100]}"
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code} {response.text[:200]}")
            elif response.status_code >= 400:
                try:
                    error = response.json().get("error")
                except ValueError:
                    error = None
                if not (isinstance(error, str) and error):
                    failures.append(f"{where}: {response.status_code} without a JSON error: {response.text[:200]}")

        run()
    assert not failures, "\n".join(failures[:10])
