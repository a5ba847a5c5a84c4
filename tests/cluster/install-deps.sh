#!/usr/bin/env bash
# Installs the Debian packages the test cluster needs (idempotent; run as root,
# CI calls it on a fresh machine). Go >= 1.26 must already be on PATH for build.sh.
#   docker-registry  CNCF distribution 2.8 (/usr/bin/docker-registry), the three registries
#   ca-certificates  system roots (Go's TLS for the module proxy)
# Certificates, bcrypt htpasswd files and JWT keys are made by our own Go tool
# (pullkey-util), so neither openssl nor apache2-utils is needed.
set -euo pipefail
pkgs=(docker-registry ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all present (${pkgs[*]})"
  exit 0
fi
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
  $SUDO apt-get update -q
fi
# The package ships a service that would listen on :5000; we never use it.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
  $SUDO systemctl disable --now docker-registry || true
fi
echo "install-deps.sh: installed ${missing[*]}"
