#!/usr/bin/env bash
# Runs a command against a PRIVATE OS keychain, never the user's: a throwaway HOME, its own
# D-Bus session bus (dbus-run-session) and gnome-keyring's Secret Service unlocked with a
# throwaway password. Used by the integration tests, the e2e tests and the test bridge.
#   bash tests/harness/private-keyring.sh <command> [args...]
# PULLKEY_KEYRING=none runs the command with a session bus that has NO Secret Service (to test
# the "no keychain" path).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 <command> [args...]" >&2; exit 2; }

for tool in dbus-run-session dbus-daemon; do
  command -v "$tool" >/dev/null || { echo "private-keyring: $tool is missing (apt-get install dbus)" >&2; exit 3; }
done

scratch="$(mktemp -d "${TMPDIR:-/tmp}/pullkey-keyring.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/run" "$scratch/services"
chmod 700 "$scratch/run"

# Keep tool caches (Node 24, npm, Go) where they were before HOME moves.
export PULLKEY_CACHE="${PULLKEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pullkey}"
export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" PULLKEY_PRIVATE_KEYRING=1
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"

# A session bus whose only service directory is ours: nothing is auto-started behind our back.
cat > "$scratch/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$scratch/run</listen>
  <servicedir>$scratch/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

if [ "${PULLKEY_KEYRING:-gnome}" = none ]; then
  exec dbus-run-session --config-file="$scratch/session.conf" -- "$@"
fi

command -v gnome-keyring-daemon >/dev/null || {
  echo "private-keyring: gnome-keyring-daemon is missing (apt-get install gnome-keyring)" >&2
  exit 3
}
export PULLKEY_KEYRING_PASSWORD="pullkey-test-$$"
dbus-run-session --config-file="$scratch/session.conf" -- bash -c '
  set -euo pipefail
  eval "$(printf %s "$PULLKEY_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
  export GNOME_KEYRING_CONTROL
  unset PULLKEY_KEYRING_PASSWORD
  "$@"
' pullkey-keyring "$@"
