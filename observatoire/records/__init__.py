"""Layer 2: the records: models, reading with positions, validation, vocabularies, grid, declarations of kinds and facets."""
