#!/usr/bin/env bash
# Builds the site and the offline archive into build/site/ (README's first command).
# Creates .venv/ with the pinned packages the first time; later runs reuse it.
# Extra arguments go to `mkdocs build`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
obs_venv ""
exec mkdocs build --strict "$@"
