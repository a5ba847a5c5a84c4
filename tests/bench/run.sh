#!/usr/bin/env bash
# npm run bench: starts the test cluster if needed, runs the benchmarks, stops what it started.
# `npm run bench -- registries` runs only the named ones (exec, registries, pulls, deploy,
# in-cluster).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=(exec registries pulls deploy in-cluster)
for name in "${selected[@]}"; do
  case "$name" in exec | registries | pulls | deploy | in-cluster) ;; *) echo "unknown bench: $name (exec, registries, pulls, deploy, in-cluster)" >&2; exit 2 ;; esac
done
started=0
if [ ! -f tests/cluster/.state/cluster.json ]; then
  bash tests/cluster/build.sh >/dev/null
  node tests/cluster/up.ts
  started=1
fi
trap '[ "$started" = 1 ] && node tests/cluster/down.ts' EXIT
for name in "${selected[@]}"; do
  case "$name" in
    exec) node --import tsx tests/bench/exec.bench.ts ;;
    registries) node --expose-gc --import tsx tests/bench/registries.bench.ts ;;
    pulls) node --expose-gc --import tsx tests/bench/pulls.bench.ts ;;
    in-cluster) node --import tsx tests/bench/in-cluster.bench.ts ;;
    deploy) bash tests/harness/private-keyring.sh node --import tsx tests/bench/deploy.bench.ts ;;
  esac
done
