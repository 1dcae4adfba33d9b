#!/usr/bin/env bash
# Install jixiao and run the main job on the bundled examples: validate, metrics, scoring,
# cross-checks and the publication documents (written into out/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/jixiao demo "$@"
