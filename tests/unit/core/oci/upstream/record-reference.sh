#!/usr/bin/env bash
# Regenerates reference-cases.json: runs the upstream distribution/reference tests (the version
# the test cluster's go.mod pins) with a recorder that writes every parse call a test makes and
# Go's own answer. Needs Go and the module cache the test-cluster build fills.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(awk '$1 == "github.com/distribution/reference" {print $2; exit}' "$here/../../../../cluster/go.mod")"
src="$(go env GOMODCACHE)/github.com/distribution/reference@$version"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src"/*.go "$src/go.mod" "$src/go.sum" "$work/"
chmod -R u+w "$work"
rm -f "$work/fuzz_test.go" "$work/regexp_bench_test.go" "$work/sort_test.go"
cp "$here/recorder/reference_record.go" "$work/"
sed -i -e 's/^func Parse(s string) (Reference, error) {/func parseOrig(s string) (Reference, error) {/' \
  -e 's/^func WithName(name string) (Named, error) {/func withNameOrig(name string) (Named, error) {/' \
  -e 's/^func ParseNamed(s string) (Named, error) {/func parseNamedOrig(s string) (Named, error) {/' "$work/reference.go"
sed -i -e 's/^func ParseNormalizedNamed(s string) (Named, error) {/func parseNormalizedNamedOrig(s string) (Named, error) {/' \
  -e 's/^func ParseDockerRef(ref string) (Named, error) {/func parseDockerRefOrig(ref string) (Named, error) {/' \
  -e 's/^func ParseAnyReference(ref string) (Reference, error) {/func parseAnyReferenceOrig(ref string) (Reference, error) {/' "$work/normalize.go"
sed -i -e 's/match := r.MatchString(tc.input)/match := recordMatch(t, r, tc.input)/' \
  -e 's/match := anchoredIdentifierRegexp.MatchString(tc.input)/match := recordMatch(t, anchoredIdentifierRegexp, tc.input)/' \
  -e 's/^\tt.Helper()$/\tt.Helper()\n\trecordSubmatch(t, r, m.input)/' "$work/regexp_test.go"
out="$work/records.jsonl"
(cd "$work" && RECORD_FILE="$out" GOFLAGS=-mod=mod GOPROXY=off GOWORK=off go test -count=1 -parallel 1 ./... >/dev/null)
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const seen = new Set();
const cases = lines.filter((l) => { const k = JSON.stringify([l.test, l.fn, l.input]); if (seen.has(k)) return false; seen.add(k); return true; });
cases.sort((a, b) => (a.test + a.fn + a.input < b.test + b.fn + b.input ? -1 : 1));
process.stdout.write(JSON.stringify({ source: "github.com/distribution/reference@" + process.argv[2], cases }, null, 1) + "\n");
' "$out" "$version" > "$here/reference-cases.json"
(cd "$here" && npx prettier --write "reference-cases.json" >/dev/null)
echo "wrote $(grep -c '"test"' "$here/reference-cases.json") cases to $here/reference-cases.json"
