#!/usr/bin/env bash
# Runs a command with Node >= 22.12 first on PATH (fetching Node 24 from the npm registry on
# machines whose Node is older): bash scripts/run.sh <command> [args...]
set -euo pipefail
# shellcheck source=scripts/node24.sh
. "$(dirname "${BASH_SOURCE[0]}")/node24.sh"
exec "$@"
