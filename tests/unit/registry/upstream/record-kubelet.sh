#!/usr/bin/env bash
# Regenerates kubelet-cases.json: the cases of kubelet-inputs.mjs answered by the kubelet's own
# code (tests/cluster/cmd/kubelet-oracle, k8s.io/kubernetes at the version the test cluster
# uses). Needs Go and the module cache the test-cluster build fills.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cluster="$here/../../../cluster"
node "$here/kubelet-inputs.mjs" > "$here/.kubelet-inputs.json"
trap 'rm -f "$here/.kubelet-inputs.json"' EXIT
version="$(awk '$1 == "k8s.io/kubernetes" {print $2; exit}' "$cluster/go.mod")"
(cd "$cluster" && GOPROXY=off go run ./cmd/kubelet-oracle < "$here/.kubelet-inputs.json") |
  node -e '
let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
  const cases = JSON.parse(text);
  process.stdout.write(JSON.stringify({ source: "k8s.io/kubernetes@" + process.argv[1], cases }, null, 1) + "\n");
});' "$version" > "$here/kubelet-cases.json"
(cd "$here" && npx prettier --write "kubelet-cases.json" >/dev/null)
echo "wrote $(grep -c '"rejected"' "$here/kubelet-cases.json") cases to $here/kubelet-cases.json"
