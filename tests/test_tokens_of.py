"""One token list per parse (diurna.nlp.tokens_of), shared by the coder's passes and dropped after the sentence."""

from __future__ import annotations

from diurna.nlp import children_of, ents_of, forget_tokens, tokens_of
from diurna.pipeline import resources


def test_the_list_is_the_parse_made_once_and_can_be_forgotten():
    doc = resources().nlp("Chile and Peru held talks in Lima on Monday.")
    first = tokens_of(doc)
    assert [t.i for t in first] == list(range(len(doc))) and [t.text for t in first] == [t.text for t in doc]
    assert tokens_of(doc) is first  # made once
    forget_tokens(doc)
    assert tokens_of(doc) is not first  # made again after it was dropped
    forget_tokens(doc)
    forget_tokens(doc)  # forgetting twice is harmless
    assert not doc.user_data


def test_coding_leaves_no_token_list_behind():
    from diurna.articles import article_from_text
    from diurna.pipeline import code_articles

    kept = []
    res = resources()
    original = res.nlp.pipe

    def pipe(texts, **kwargs):  # type: ignore[no-untyped-def]
        for item in original(texts, **kwargs):
            kept.append(item[0] if isinstance(item, tuple) else item)  # as_tuples=True gives (doc, context)
            yield item

    res.nlp.pipe = pipe  # type: ignore[method-assign]
    try:
        list(code_articles([article_from_text("Chile and Peru held talks in Lima. Police arrested 12 protesters.",
                                              id="a", date="2020-03-04")], res=res))
    finally:
        del res.nlp.pipe
    kept_lists = ("diurna.tokens", "diurna.children", "diurna.ents")
    assert kept and all(not any(k in doc.user_data for k in kept_lists) for doc in kept)


def test_children_and_entities_are_the_parses_own_made_once():
    doc = resources().nlp("The Indian foreign minister told Pakistan's envoy in New Delhi that the talks were over.")
    for token in doc:
        assert [c.i for c in children_of(token)] == [c.i for c in token.children]
    assert children_of(doc[0]) is children_of(doc[0])
    assert [(e.start, e.end, e.label_) for e in ents_of(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert ents_of(doc) is ents_of(doc)
    forget_tokens(doc)
    assert not doc.user_data
