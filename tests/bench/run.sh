#!/usr/bin/env bash
# npm run bench: starts the test cluster if needed, runs the benchmarks, stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
started=0
if [ ! -f tests/cluster/.state/cluster.json ]; then
  bash tests/cluster/build.sh >/dev/null
  node tests/cluster/up.ts
  started=1
fi
trap '[ "$started" = 1 ] && node tests/cluster/down.ts' EXIT
node --import tsx tests/bench/exec.bench.ts
node --expose-gc --import tsx tests/bench/registries.bench.ts
node --expose-gc --import tsx tests/bench/pulls.bench.ts
bash tests/harness/private-keyring.sh node --import tsx tests/bench/deploy.bench.ts
