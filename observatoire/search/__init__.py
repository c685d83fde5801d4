"""Client-side search of the resource centre: an index built here (French
pipeline, lunr's weights, packed: see ``compact``, cut into chunks: see
``chunks``), searched in the browser (recherche.js, with lunr-languages' French
pipeline), with facets.

Engine-neutral: nothing here imports MkDocs. The adapter writes
``SearchIndex(catalog, context).files()`` into the site and renders
``partials/recherche.html`` with ``recherche=SearchIndex(...).page_context(base_url)``.
"""

from observatoire.search.documents import SearchDocument, build_documents
from observatoire.search.index import SITE_FILES, SearchIndex
from observatoire.search.pipeline import fold_accents, query_terms, stem

__all__ = [
    "SITE_FILES",
    "SearchDocument",
    "SearchIndex",
    "build_documents",
    "fold_accents",
    "query_terms",
    "stem",
]
