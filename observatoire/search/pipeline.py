"""The text pipelines of the search index, the same in Python and in the browser:
the French one, and the English one of the English search page.

The index is built here (lunr's weights, see ``compact``) and searched in the browser with lunr.js
and lunr-languages (``lunr.stemmer.support.js``, ``lunr.fr.js``). An index only
carries the *names* of its search pipeline's functions; each side must hold a
function of that name doing the same thing. Hence:

* ``stopWordFilter-fr``, ``stemmer-fr``: the names lunr-languages registers in
  ``lunr.fr.js``; here they are re-implemented to match it (same stop words,
  Snowball French stemmer from ``snowballstemmer``, which gives the same stems
  as ``lunr.fr``'s);
* ``trimmer-obs`` (letters and digits of every script, so that a local name in
  Hangul or Cyrillic is found) and ``foldAccents-fr``: ours, registered on both
  sides (``recherche.js`` calls ``lunr.Pipeline.registerFunction`` before
  reading the index).

Order: trimmer, stop words, **fold, then stem**. Folding first makes a word and
its unaccented spelling the same input to the stemmer, so they always meet
(« mobilité » and « mobilite » both give ``mobilit``); stemming first does not
(``mobil`` against ``mobilit``: see the tests).

The English search page (#18) indexes the texts written in English (the
English labels of the vocabularies, place names in English, an English record's
texts, an initiative's ``titre_en`` and ``resume_en``) with the English pipeline,
:data:`ENGLISH_PIPELINE_NAMES`: ``trimmer-obs``, lunr's own ``stopWordFilter``
(English), ``foldAccents-fr`` and lunr's ``stemmer`` (Porter), the same in
lunr.py (``lunr.stop_word_filter``, ``lunr.stemmer``, a port of lunr.js's); and
every other text with the French one. Its terms carry :data:`ENGLISH_MARK` in
front, so that both live in one index; a query's word is looked for as either,
its French term or its marked English one (« garden » finds an English summary,
« jardin » a French one; « shared gardens » finds « jardins partagés » only
where an English text says so).

Queries are not parsed with lunr's query syntax (a user's ``:``, ``^``, ``~``,
``*`` or ``-`` would change the meaning or raise): :func:`query_terms` splits
and cleans the text, the same way as ``recherche.js``, and every remaining term
is required (AND).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

import snowballstemmer
from lunr import stop_word_filter as lunr_stop_words
from lunr.stemmer import PorterStemmer

from observatoire.core.text import fold_accents
from observatoire.search.stopwords import EXTRA_STOP_WORDS, STOP_WORDS

# --- trimmer-obs ------------------------------------------------------------------
# lunr.fr's trimmer keeps only Latin letters: a word in Hangul, Greek or Cyrillic
# (서울, a local place name) would be trimmed to nothing and could never be found.
# Ours keeps the letters, digits and marks of every script, on both sides
# (recherche.js: /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu).

_KEPT = ("L", "N", "M")


def trim(text: str) -> str:
    """``text`` without what starts or ends it that is not a letter, digit or mark
    of any script (Unicode categories L, N, M)."""
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] not in _KEPT:
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] not in _KEPT:
        end -= 1
    return text[start:end]


# --- stopWordFilter-fr: a stop word is compared accents folded (« a » as well as « à »).
# lunr.fr's filter compares the word as written; the difference never shows in a
# query, because :func:`query_terms` (and ``recherche.js``) remove the folded stop
# words before the pipeline runs.

QUERY_STOP_WORDS: frozenset[str] = frozenset(fold_accents(w) for w in STOP_WORDS + EXTRA_STOP_WORDS)
"""Stop words accents folded: « a », « ete » are dropped like « à », « été »."""


# --- stemmer-fr --------------------------------------------------------------------

_STEMMER = snowballstemmer.stemmer("french")


@cache
def stem(word: str) -> str:
    """Snowball French stem, memoised per word (documents repeat their words)."""
    return _STEMMER.stemWord(word)


# --- the pipeline's names ---------------------------------------------------------------

PIPELINE_NAMES = ["trimmer-obs", "stopWordFilter-fr", "foldAccents-fr", "stemmer-fr"]
"""The search pipeline written into the index, in order: what :func:`run_pipeline` does."""

# --- the English pipeline: lunr's English stop words and Porter stemmer -------------------

ENGLISH_LANGUAGE = "en"
"""The language whose texts go through the English pipeline: the index of a search page in
it holds that pipeline's terms too, beside the French ones."""
ENGLISH_PIPELINE_NAMES = ["trimmer-obs", "stopWordFilter", "foldAccents-fr", "stemmer"]
"""The English pipeline written into the English index, in order: what :func:`run_english` does."""
ENGLISH_MARK = "~"
"""Before every English term of an index that holds both (no term of either pipeline
starts with it: the trimmer leaves a letter, digit or mark first)."""
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(lunr_stop_words.WORDS)
"""lunr's English stop words (lunr.js's ``lunr.stopWordFilter``, lunr.py's the same)."""


class _LunrJsPorter(PorterStemmer):
    """lunr.py's Porter stemmer (Vivake Gupta's port of Porter's C) made to give lunr.js's
    stems: lunr.js never takes a whole word for a suffix (« ies » stays « ie »), and turns a
    final « y » into « i » after a consonant (« try » -> « tri ») but not after a vowel
    (« day », « survey » stay; lunr.py gives « dai »). Measured: the same stem as lunr.js
    2.3.9 for 45,325 distinct English words (and 14 different without these two changes);
    the tests compare them in chromium."""

    def ends(self, s: str) -> int:
        if len(s) > self.k - self.k0:
            return 0
        return super().ends(s)

    def step1c(self) -> None:
        if self.ends("y") and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_PORTER = _LunrJsPorter()


@cache
def run_english(word: str) -> str | None:
    """A word through the English pipeline (trim, stop words, fold, stem), as lunr.js's
    ``pipeline.runString`` does with :data:`ENGLISH_PIPELINE_NAMES`; ``None`` if nothing is left."""
    w = trim(word)
    if not w or w in ENGLISH_STOP_WORDS:
        return None
    return _PORTER.stem(fold_accents(w)) or None


# --- text and queries ------------------------------------------------------------------

SEPARATOR_CLASS = (
    "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    "\\-'\u2019\u2018\u02bc`\u00b4/|_+.,;:!?()\\[\\]{}\"\u00ab\u00bb\u201c\u201d\u201e\u2026\u00b7\u2022\u2013\u2014"
)
_SEPARATORS = re.compile("[" + SEPARATOR_CLASS + "]+")
"""What splits words, for documents and queries alike: white space, hyphens,
apostrophes (so « l'énergie » gives « l » and « énergie »), punctuation. The
same class is ``SEPARATORS`` in recherche.js."""


_WORD = re.compile("[^" + SEPARATOR_CLASS + "]+")


def words(text: str) -> list[str]:
    """Lowercase words of ``text``, split as the browser splits a query (what lies
    between separators: found directly, quicker than splitting then dropping empties)."""
    return _WORD.findall(text.lower())


def index_text(*parts: str | None) -> str:
    """A field's text for the index: words joined by single spaces (so that
    :func:`term_counts` finds them again with a plain split, and lunr.py's own
    tokenizer, which the tests run, splits as lunr.js does)."""
    return " ".join(w for part in parts if part for w in words(part))


@cache
def run_pipeline(word: str) -> str | None:
    """A word through the French pipeline (trim, stop words, fold, stem), as
    lunr.js's ``pipeline.runString`` does; ``None`` if nothing is left. Memoised."""
    w = trim(word)
    if not w or fold_accents(w) in QUERY_STOP_WORDS:
        return None
    return stem(fold_accents(w)) or None


def analyse(text: str) -> list[str]:
    """The index terms of a text: its words through :func:`run_pipeline`, in order.

    Gives the same terms as lunr.py's builder running the French pipeline on
    ``text`` (see the tests), minus the empty terms that lunr keeps when the
    trimmer leaves nothing; much faster (lunr.py's tokenizer walks the text
    character by character, and every word is processed once per build)."""
    return [t for t in map(run_pipeline, words(text)) if t]


def term_counts(text: str, *, from_index_text: bool = False, english: bool = False) -> Counter:
    """How many times each index term occurs in ``text``: ``Counter(analyse(text))``,
    with each distinct word through the pipeline once rather than each occurrence.

    ``from_index_text``: ``text`` was made by :func:`index_text`, so its words are
    already split, one space apart (the same words, found without a regex).
    ``english``: through the English pipeline, each term marked (:data:`ENGLISH_MARK`)."""
    found = (text.split(" ") if text else []) if from_index_text else words(text)
    counts: Counter = Counter()
    run = run_english if english else run_pipeline
    for word, occurrences in Counter(found).items():
        term = run(word)
        if term:
            counts[ENGLISH_MARK + term if english else term] += occurrences
    return counts


PREFIX_MIN_LENGTH = 3
"""The last word of a query also matches as a prefix (« jard » finds « jardin »)
when it has at least this many letters and the query does not end with a space."""


def query_terms(text: str) -> list[tuple[str, bool]]:
    """The index terms a query looks for, each with whether it matches as a
    prefix: words split, stop words out, folded, stemmed, duplicates out, in
    order. Every term is required. ``recherche.js`` computes the same list."""
    return [(terms[0], prefix) for terms, prefix in query_alternatives(text)]


def query_alternatives(text: str, english: bool = False) -> list[tuple[tuple[str, ...], bool]]:
    """:func:`query_terms` for an index that may hold English terms (``english``): each
    word's terms, of which a record must hold one (its French term, and its marked English
    term), with whether they match as prefixes. A word that is a stop word of either
    pipeline is left out (it would otherwise be required in the other language's texts)."""
    out: list[tuple[tuple[str, ...], bool]] = []
    seen: set[tuple[str, ...]] = set()
    found = words(text)
    open_end = bool(found) and not _SEPARATORS.match(text[-1:] or " ")
    for position, word in enumerate(found):
        term = run_pipeline(word)
        if english and term:
            other = run_english(word)
            terms: tuple[str, ...] = (term, ENGLISH_MARK + other) if other else ()
        else:
            terms = (term,) if term else ()
        if not terms or terms in seen:
            continue
        seen.add(terms)
        prefix = open_end and position == len(found) - 1 and len(trim(word)) >= PREFIX_MIN_LENGTH
        out.append((terms, prefix))
    return out


__all__ = [
    "PIPELINE_NAMES",
    "ENGLISH_LANGUAGE",
    "ENGLISH_PIPELINE_NAMES",
    "ENGLISH_MARK",
    "ENGLISH_STOP_WORDS",
    "run_english",
    "query_alternatives",
    "STOP_WORDS",
    "QUERY_STOP_WORDS",
    "fold_accents",
    "stem",
    "trim",
    "words",
    "index_text",
    "query_terms",
    "run_pipeline",
    "analyse",
    "term_counts",
    "PREFIX_MIN_LENGTH",
]
