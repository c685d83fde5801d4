"""What the quality gates looked at (pages, payloads, violations), printed at the end of the run."""

from __future__ import annotations

from collections import Counter

COUNTS: Counter = Counter()
NOTES: dict[str, str] = {}
"""Longer lines: which page types each field showed on, what was skipped and why."""
