#!/usr/bin/env bash
# Production-mode smoke test (the Dockerfile's steps without Docker); see scripts/production-smoke.cjs.
# Usage: scripts/production-smoke.sh [--skip-build] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
exec node_modules/.bin/node scripts/production-smoke.cjs "$@"
