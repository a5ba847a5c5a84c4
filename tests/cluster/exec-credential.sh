#!/usr/bin/env bash
# Exec credential plugin of kubeconfig context alpha-exec (client.authentication.k8s.io/v1).
# Prints an ExecCredential carrying the alpha admin token, read from
# $PULLKEY_EXEC_TOKEN_FILE (set by the kubeconfig's exec.env).
#   PULLKEY_EXEC_DELAY_MS=2000   answer after 2 s (tests of slow plugins)
#   PULLKEY_EXEC_FAIL=1          exit 1 with a message on stderr (tests of failing plugins)
set -euo pipefail
if [[ -n "${PULLKEY_EXEC_DELAY_MS:-}" ]]; then
  sleep "$(awk -v ms="$PULLKEY_EXEC_DELAY_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"
fi
if [[ -n "${PULLKEY_EXEC_FAIL:-}" ]]; then
  echo "pullkey exec plugin: failing on purpose (PULLKEY_EXEC_FAIL is set)" >&2
  exit 1
fi
file="${PULLKEY_EXEC_TOKEN_FILE:?PULLKEY_EXEC_TOKEN_FILE is not set}"
token="$(cat "$file")"
expires="$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$token" "$expires"
