#!/usr/bin/env bash
# Builds External Secrets Operator (the controller binary) from the Go module proxy, pinned by
# go.mod/go.sum here, into a cache folder outside the work tree:
#   ${PULLKEY_CACHE:-$HOME/.cache/pullkey}/cluster/eso-<key>/bin/external-secrets
#   ${PULLKEY_CACHE:-$HOME/.cache/pullkey}/cluster/eso-<key>/crds/*.yaml   (the release's CRDs)
# key = hash(go.mod + go.sum + this script + Go version). Does nothing when current.
# Run by ../build.sh, which checks Go and exports CGO_ENABLED=0 and GOFLAGS for it.
# The LAST line printed is the folder (eso-<key>).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
cache="${PULLKEY_CACHE:-$HOME/.cache/pullkey}/cluster"
key="$( { go env GOVERSION; cat go.mod go.sum build.sh; } | sha256sum | cut -c1-16)"
out="$cache/eso-$key"

if [[ -x "$out/bin/external-secrets" && -s "$out/crds/bundle.yaml" ]]; then
  echo "eso/build.sh: External Secrets Operator is current (key $key)" >&2
  echo "$out"
  exit 0
fi

mod=github.com/external-secrets/external-secrets
version="$(go list -m -f '{{.Version}}' "$mod")"
start=$SECONDS
echo "eso/build.sh: building External Secrets Operator $version into $out (cold: 5 to 16 min on 2 cores, ~450 s of CPU)" >&2
rm -rf "$out.tmp" && mkdir -p "$out.tmp/bin" "$out.tmp/crds"
nice -n 10 go build -trimpath -ldflags "-s -w" -o "$out.tmp/bin/external-secrets" "$mod"
# The CRDs of the same release, from the module in the module cache (read-only there).
dir="$(go list -m -f '{{.Dir}}' "$mod")"
cp "$dir/deploy/crds/bundle.yaml" "$out.tmp/crds/bundle.yaml"
chmod -R u+w "$out.tmp"
echo "$version" > "$out.tmp/version"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "eso/build.sh: done in $((SECONDS - start)) s" >&2
echo "$out"
