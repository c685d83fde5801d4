"""The pages of the resource centre: which pages exist and what they say.

Nothing here knows MkDocs: :class:`observatoire.site.builder.SiteBuilder`
gives page sources and renders page bodies; ``hooks.py`` hands them to MkDocs.
"""
