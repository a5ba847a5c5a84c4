#!/usr/bin/env bash
# Builds the test control plane from the Go modules pinned in go.mod/go.sum:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (upstream)
#   pullkey-kubelet, pullkey-tokenserver, pullkey-util                     (ours)
#   External Secrets Operator, linked as eso/      (eso/build.sh, its own module and cache folder;
#                                                   skipped with PULLKEY_ESO_CLUSTER=none)
# into a cache folder outside the work tree:
#   ${PULLKEY_CACHE:-$HOME/.cache/pullkey}/cluster/<key>/bin
# key = hash(go.mod + go.sum + Go version + sources of our own packages).
# The upstream binaries are cached separately (key without our sources), so
# editing the kubelet does not relink kube-apiserver. Does nothing when current.
# The LAST line printed is the bin dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v go >/dev/null || { echo "build.sh: Go is not on PATH (need go >= 1.26)" >&2; exit 1; }
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"
cache="${PULLKEY_CACHE:-$HOME/.cache/pullkey}/cluster"
gover="$(go env GOVERSION)"

hash() { sha256sum | cut -c1-16; }
ukey="$( { echo "$gover"; cat go.mod go.sum build.sh; } | hash)"
own_src() { find . -path ./.state -prune -o -path ./.cache -prune -o -path ./harnesstest -prune -o -name '*.go' ! -name '*_test.go' -print | LC_ALL=C sort; }
key="$( { echo "$ukey"; cat eso/go.mod eso/go.sum eso/build.sh; own_src | while read -r f; do echo "== $f"; cat "$f"; done; } | hash)"
want_eso=1; [[ "${PULLKEY_ESO_CLUSTER:-alpha}" == none ]] && want_eso=0

udir="$cache/k8s-$ukey/bin"
dir="$cache/$key/bin"
upstream=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl)
ours=(pullkey-kubelet pullkey-tokenserver pullkey-util)

complete() { local d="$1"; shift; for b in "$@"; do [[ -x "$d/$b" ]] || return 1; done; }

if complete "$dir" "${upstream[@]}" "${ours[@]}" && { [[ $want_eso == 0 ]] || complete "$dir/eso/bin" external-secrets; }; then
  echo "build.sh: binaries are current (key $key)" >&2
  echo "$dir"
  exit 0
fi

k8sver="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
major="${k8sver#v}"; major="${major%%.*}"
minor="${k8sver#v*.}"; minor="${minor%%.*}"
go mod download "k8s.io/kubernetes@$k8sver"
info="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$k8sver.info"
bdate="$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$info" 2>/dev/null | head -1)"
bdate="${bdate:-1970-01-01T00:00:00Z}"
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld+=" -X $p.gitVersion=$k8sver -X $p.gitMajor=$major -X $p.gitMinor=$minor"
  ld+=" -X $p.gitTreeState=clean -X $p.gitCommit= -X $p.buildDate=$bdate"
done

start=$SECONDS
if ! complete "$udir" "${upstream[@]}"; then
  echo "build.sh: building upstream binaries ($k8sver) into $udir (cold: tens of minutes on 2 cores)" >&2
  mkdir -p "$udir.tmp"
  nice -n 10 go build -trimpath -ldflags "$ld" -o "$udir.tmp/" \
    ./cmd/etcd \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl
  rm -rf "$udir" && mv "$udir.tmp" "$udir"
fi

echo "build.sh: building our binaries into $dir" >&2
mkdir -p "$dir.tmp"
nice -n 10 go build -trimpath -ldflags "$ld" -o "$dir.tmp/pullkey-kubelet" ./kubelet
nice -n 10 go build -trimpath -ldflags "$ld" -o "$dir.tmp/pullkey-tokenserver" ./tokenserver
nice -n 10 go build -trimpath -ldflags "$ld" -o "$dir.tmp/pullkey-util" ./util
for b in "${upstream[@]}"; do ln -sf "$udir/$b" "$dir.tmp/$b"; done
if [[ $want_eso == 1 ]]; then
  edir="$(bash eso/build.sh | tail -n 1)"
  ln -sfn "$edir" "$dir.tmp/eso"
fi
rm -rf "$dir" && mv "$dir.tmp" "$dir"
echo "build.sh: done in $((SECONDS - start)) s" >&2
echo "$dir"
