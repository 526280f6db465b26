"""The corpora the benchmarks run on, and reading them (read + normalize) with a timing.

The bundled sample corpus is read file by file, keeping only article files: should its folder also hold the gold
annotations (``gold.jsonl``), a README or a generator script, those are not articles. The shared corpora live outside the repository
(``../shared/corpora`` relative to the repository root) and are skipped when absent.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "src" / "diurna" / "data" / "sample"
SAMPLE_DIR = SAMPLE / "corpus" if (SAMPLE / "corpus").is_dir() else SAMPLE  # the articles (gold etc. beside them)
SHARED_CORPORA = ("guardian_syria.jsonl", "toi_2002.jsonl")
QUICK_LIMIT = 50  # articles per shared corpus with --quick
_NOT_ARTICLES = {"gold.jsonl"}  # sample-folder files that hold annotations, not articles


@dataclass
class Corpus:
    name: str
    paths: list[Path]
    limit: int | None = None  # read only the first `limit` results of read_articles

    def describe(self) -> str:
        where = _shown(self.paths[0]) if len(self.paths) == 1 else f"{_shown(self.paths[0].parent)}/ ({len(self.paths)} files)"
        return where + (f", first {self.limit} articles" if self.limit else "")


@dataclass
class Loaded:
    """A corpus read and normalized, with what the reading cost."""

    corpus: Corpus
    articles: list = field(default_factory=list)  # list[Article]
    errors: int = 0
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        return sum(1 for a in self.articles if a.skipped)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(Path("..") / path.relative_to(REPO.parent)) if path.is_relative_to(REPO.parent) else str(path)


def sample_files(folder: Path = SAMPLE_DIR) -> list[Path]:
    """The article files of the sample corpus: text, HTML, JSON Lines (but not the gold) and WARC."""
    def is_article_file(p: Path) -> bool:
        if p.name in _NOT_ARTICLES or p.name.startswith("."):
            return False
        return p.suffix in (".txt", ".html", ".jsonl") or p.name.endswith((".warc", ".warc.gz"))

    return sorted(p for p in folder.iterdir() if p.is_file() and is_article_file(p))


def corpora(quick: bool) -> Iterator[Corpus | str]:
    """The corpora to measure, in order; a string instead of a corpus is a message saying why one is skipped."""
    yield Corpus("sample", sample_files())
    for filename in SHARED_CORPORA:
        path = SHARED / "corpora" / filename
        if path.is_file():
            yield Corpus(path.stem, [path], QUICK_LIMIT if quick else None)
        else:
            yield f"skipping {filename}: {_shown(path)} not found"


def read_corpus(corpus: Corpus) -> Loaded:
    """Read and normalize the corpus (``diurna.articles.read_articles``), timing it; input errors are counted."""
    from diurna.articles import read_articles
    from diurna.errors import InputError

    loaded = Loaded(corpus)
    start = time.perf_counter()
    for item in islice(read_articles([str(p) for p in corpus.paths]), corpus.limit):
        if isinstance(item, InputError):
            loaded.errors += 1
        else:
            loaded.articles.append(item)
    loaded.seconds = time.perf_counter() - start
    return loaded


def cold_start_article() -> Path:
    """One short sample article for the cold-start measurement."""
    files = sample_files()
    preferred = [p for p in files if p.name == "chile-brazil-visit.txt"]
    return (preferred or [p for p in files if p.suffix == ".txt"] or files)[0]


def warm_up_reader() -> None:
    """Read one small sample article so that lazy loads (dateparser, langdetect, ...) fall outside any timing."""
    from diurna.articles import read_articles

    for path in sample_files()[:2]:
        list(read_articles([str(path)]))
