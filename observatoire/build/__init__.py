"""Layer 4: one build: order of work, worker processes, build date, staging, publishing, archive."""
