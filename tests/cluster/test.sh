#!/usr/bin/env bash
# Unit tests of the simulated kubelet, then tests of the test cluster itself (kubectl is the checker). The cluster must be
# up (npm run cluster:up); without it the tests FAIL and say so.
#   bash tests/cluster/test.sh [extra go test flags, e.g. -run TestPullFailures]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
exec nice -n 5 go test -v -count=1 -timeout 15m "$@" ./kubelet/ ./harnesstest/
