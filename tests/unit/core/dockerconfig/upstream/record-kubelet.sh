#!/usr/bin/env bash
# Regenerates kubelet-cases.json: the cases of kubelet-inputs.mjs answered by the kubelet's own
# code (tests/cluster/cmd/kubelet-oracle, k8s.io/kubernetes at the version the test cluster
# uses). Needs Go and the module cache the test-cluster build fills.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cluster="$here/../../../../cluster"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node "$here/kubelet-inputs.mjs" > "$work/inputs.json"
version="$(awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$cluster/go.mod")"
(cd "$cluster" && GOPROXY=off go run ./cmd/kubelet-oracle < "$work/inputs.json") > "$work/answers.json" 2> "$work/log"
node -e '
const cases = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
process.stdout.write(JSON.stringify({ source: "k8s.io/kubernetes@" + process.argv[2], cases }, null, 1) + "\n");
' "$work/answers.json" "$version" > "$work/kubelet-cases.json"
mv "$work/kubelet-cases.json" "$here/kubelet-cases.json"
(cd "$here" && npx prettier --write "kubelet-cases.json" >/dev/null)
echo "wrote $(grep -c '"rejected"' "$here/kubelet-cases.json") cases to $here/kubelet-cases.json"
