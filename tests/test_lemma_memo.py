"""The memoized lemmatizer (diurna.lemma_memo) gives exactly spaCy's lemmas."""

from __future__ import annotations

from diurna.lemma_memo import memoize_lemmatizer
from diurna.nlp import load_model

SENTENCES = [
    "Turkish troops shelled Kurdish positions near Afrin on Tuesday, the army said.",
    "the prime minister's office didn't confirm whether talks had been held in new delhi.",
    "Protesters were arrested; police said they had been throwing stones at the buses.",
    "She leaves, he left, they are leaving: the leaves fell as the better team won the best prize.",
    "Meetings were held, met, meeting again; the ministers meet every year and the meeting's agenda grew.",
    "\u201cWe ain't gonna let 's see them go,\u201d y'all said \u2013 3.5 million people fled to Jordan in 2013 .",
    "",
]


def test_the_memo_gives_spacys_lemmas_and_is_used():
    plain, memo = load_model(), load_model()
    assert memoize_lemmatizer(memo) is True
    assert memoize_lemmatizer(memo) is True  # a second call changes nothing
    texts = SENTENCES * 2  # the second round comes from the memo
    for a, b in zip(plain.pipe(texts), memo.pipe(texts), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b], a.text
    component = memo.get_pipe("lemmatizer")
    assert len(component._lemma_memo) > 20
    assert all(t.lemma_ for t in memo("Leaders met in Geneva."))


def test_a_pipeline_without_a_rule_lemmatizer_is_left_alone():
    nlp = load_model()
    nlp.remove_pipe("lemmatizer")
    assert memoize_lemmatizer(nlp) is False
