"""Layer 1: text, places, dates and numbers, interface text, the problem line. Knows nothing else of the project."""
