"""Reports -> events: the clustering rules of diurna.store.cluster on hand-made mentions (no spaCy)."""

from __future__ import annotations

from test_store_support import add_synthetic, d

from diurna.store import Store


def _m(mid: str, art: str, cameo: str = "042", src: str | None = "CHL", tgt: str | None = "BRA", date: str | None = None,
       modality: str = "actual", loc: str | None = None) -> dict:
    return {"mention_id": mid, "article_id": art, "cameo": cameo, "source_code": src, "source_country": src,
            "target_code": tgt, "target_country": tgt, "date": d(date) if date else None, "modality": modality,
            "location_country": loc, "location_name": loc}


def _arts(*specs: tuple[str, str, str]) -> list[dict]:
    return [{"id": i, "date": d(date), "publisher": pub, "url": f"https://{pub}/{i}"} for i, date, pub in specs]


def _events(root):
    return Store(root).query("SELECT * FROM events ORDER BY first_date, event_id").to_pylist()


def test_same_dyad_code_and_close_dates_are_one_event(tmp_path):
    arts = _arts(("a", "2021-03-16", "x.com"), ("b", "2021-03-17", "y.com"), ("c", "2021-03-30", "z.com"))
    add_synthetic(tmp_path, arts, [_m("a:0", "a", date="2021-03-16"), _m("b:0", "b", "0421", date="2021-03-17"),
                                   _m("c:0", "c", date="2021-03-30")])
    events = _events(tmp_path)
    assert [(e["num_mentions"], e["num_articles"], e["num_sources"]) for e in events] == [(2, 2, 2), (1, 1, 1)]
    assert events[0]["urls"] == ["https://x.com/a", "https://y.com/b"]
    assert events[0]["first_date"] == d("2021-03-16") and events[0]["last_date"] == d("2021-03-17")


def test_window_is_configurable_and_chains(tmp_path):
    from diurna.store.ingest import rebuild_derived
    from diurna.store.writer import StoreWriter

    arts = _arts(("a", "2021-03-01", "x.com"), ("b", "2021-03-05", "y.com"), ("c", "2021-03-09", "z.com"))
    add_synthetic(tmp_path, arts, [_m("a:0", "a", date="2021-03-01"), _m("b:0", "b", date="2021-03-05"),
                                   _m("c:0", "c", date="2021-03-09")])
    assert len(_events(tmp_path)) == 3  # 4 days apart, window 3
    with StoreWriter(tmp_path) as w:
        rebuild_derived(w, window=4)
    events = _events(tmp_path)
    assert len(events) == 1 and events[0]["num_articles"] == 3  # chained a-b-c


def test_modality_dyad_code_and_location_keep_events_apart(tmp_path):
    arts = _arts(("a", "2021-03-16", "x.com"), ("b", "2021-03-16", "y.com"))
    add_synthetic(tmp_path, arts, [
        _m("a:0", "a", date="2021-03-16"),
        _m("b:0", "b", date="2021-03-16", modality="anticipated"),  # not the same as the actual visit
        _m("a:1", "a", date="2021-03-16", tgt="ARG"),  # other target
        _m("a:2", "a", cameo="051", date="2021-03-16"),  # other base code
        _m("a:3", "a", cameo="190", date="2021-03-16", loc="BRA"),
        _m("b:1", "b", cameo="190", date="2021-03-16", loc="ARG"),  # fighting in another country
        _m("b:2", "b", cameo="190", date="2021-03-16"),  # no location: joins a location of its chain
    ])
    events = _events(tmp_path)
    assert len(events) == 6
    fights = sorted((e["location_country"], e["num_mentions"]) for e in events if e["cameo_base"] == "190")
    assert fights == [("ARG", 2), ("BRA", 1)]  # ties broken by the smallest country code
    assert {e["modality"] for e in events} == {"actual", "anticipated"}


def test_copies_do_not_count_as_sources_and_ids_are_deterministic(tmp_path):
    arts = _arts(("orig", "2021-03-16", "daily.com"), ("copy", "2021-03-17", "other.net"),
                 ("indep", "2021-03-17", "third.org"))
    mentions = [_m("orig:0", "orig", date="2021-03-16"), _m("copy:0", "copy", date="2021-03-16"),
                _m("indep:0", "indep", date="2021-03-16")]
    add_synthetic(tmp_path / "s1", arts, mentions, pairs=[("copy", "orig", 0.8)])
    add_synthetic(tmp_path / "s2", list(reversed(arts)), list(reversed(mentions)), pairs=[("copy", "orig", 0.8)])
    (e1,), (e2,) = _events(tmp_path / "s1"), _events(tmp_path / "s2")
    assert (e1["num_mentions"], e1["num_articles"], e1["num_sources"], e1["num_copies"]) == (3, 3, 2, 1)
    assert e1["sources"] == ["daily.com", "other.net", "third.org"]
    assert e1["event_id"] == e2["event_id"] and e1["event_id"].startswith("ev-")
    dup = Store(tmp_path / "s1").query("SELECT article_id, duplicate_of FROM duplicates").to_pylist()
    assert dup == [{"article_id": "copy", "duplicate_of": "orig"}]


def test_mentions_without_countries_or_dates_stay_in_their_story(tmp_path):
    arts = _arts(("a", "2021-03-16", "x.com"), ("b", "2021-03-16", "y.com"))
    add_synthetic(tmp_path, arts, [_m("a:0", "a", src=None, tgt=None, date="2021-03-16"),
                                   _m("b:0", "b", src=None, tgt=None, date="2021-03-16")])
    assert len(_events(tmp_path)) == 2
