#!/usr/bin/env bash
# Install jixiao, make sure the services the tests use answer (PostgreSQL, Redis, RabbitMQ:
# scripts/services.sh installs and starts what is missing), and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
exec .venv/bin/python -m pytest "$@"
