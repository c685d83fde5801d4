"""Client-side search of the resource centre: a lunr index built here (French
pipeline, lunr's weights, packed: see ``compact``), searched in the browser
(lunr.js + lunr-languages), with facets.

Engine-neutral: nothing here imports MkDocs. The adapter writes
``SearchIndex(catalog, context).files()`` into the site and renders
``partials/recherche.html`` with ``recherche=SearchIndex(...).page_context(base_url)``.
"""

from observatoire.search.documents import SearchDocument, build_documents
from observatoire.search.index import SITE_FILES, SearchIndex, search_refs
from observatoire.search.pipeline import fold_accents, query_terms, stem

__all__ = [
    "SITE_FILES", "SearchDocument", "SearchIndex", "build_documents",
    "fold_accents", "query_terms", "search_refs", "stem",
]
