// Recorder dropped into a copy of github.com/distribution/reference by record-reference.sh:
// the exported parse functions are wrapped so that every call a test makes (not the calls the
// package makes to itself) is written, with Go's own result, to $RECORD_FILE as JSON lines.
package reference

import (
	"encoding/json"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var recordMu sync.Mutex

type record struct {
	Test   string   `json:"test"`
	Fn     string   `json:"fn"`
	Input  string   `json:"input"`
	Err    string   `json:"err,omitempty"`
	Type   string   `json:"type,omitempty"`
	String string   `json:"string,omitempty"`
	Name   string   `json:"name,omitempty"`
	Domain string   `json:"domain,omitempty"`
	Path   string   `json:"path,omitempty"`
	Tag    string   `json:"tag,omitempty"`
	Digest string   `json:"digest,omitempty"`
	Match  *bool    `json:"match,omitempty"`
	Subs   []string `json:"subs,omitempty"`
}

// fromTest: the wrapper's caller is a _test.go file (skip = frames above the wrapper).
func fromTest(skip int) (string, bool) {
	_, file, _, ok := runtime.Caller(skip + 1)
	if !ok || !strings.HasSuffix(file, "_test.go") {
		return "", false
	}
	pcs := make([]uintptr, 32)
	n := runtime.Callers(skip+2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		frame, more := frames.Next()
		fn := frame.Function
		if i := strings.LastIndex(fn, ".Test"); i >= 0 {
			name := fn[i+1:]
			if j := strings.Index(name, "."); j >= 0 {
				name = name[:j]
			}
			return name, true
		}
		if !more {
			return "", true
		}
	}
}

func write(r record) {
	recordMu.Lock()
	defer recordMu.Unlock()
	f, err := os.OpenFile(os.Getenv("RECORD_FILE"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	b, _ := json.Marshal(r)
	f.Write(append(b, '\n'))
}

func recordRef(fn, input string, ref Reference, err error) {
	test, ok := fromTest(2)
	if !ok {
		return
	}
	r := record{Test: test, Fn: fn, Input: input}
	if err != nil {
		r.Err = err.Error()
		write(r)
		return
	}
	r.String = ref.String()
	switch ref.(type) {
	case reference:
		r.Type = "reference"
	case repository:
		r.Type = "repository"
	case taggedReference:
		r.Type = "tagged"
	case canonicalReference:
		r.Type = "canonical"
	case digestReference:
		r.Type = "digest"
	}
	if n, ok := ref.(Named); ok {
		r.Name = n.Name()
		r.Domain = Domain(n)
		r.Path = Path(n)
	}
	if t, ok := ref.(Tagged); ok {
		r.Tag = t.Tag()
	}
	if d, ok := ref.(Digested); ok {
		r.Digest = d.Digest().String()
	}
	write(r)
}

func Parse(s string) (Reference, error) {
	ref, err := parseOrig(s)
	recordRef("Parse", s, ref, err)
	return ref, err
}

func ParseNormalizedNamed(s string) (Named, error) {
	ref, err := parseNormalizedNamedOrig(s)
	var out Reference
	if err == nil {
		out = ref
	}
	recordRef("ParseNormalizedNamed", s, out, err)
	return ref, err
}

func ParseDockerRef(s string) (Named, error) {
	ref, err := parseDockerRefOrig(s)
	var out Reference
	if err == nil {
		out = ref
	}
	recordRef("ParseDockerRef", s, out, err)
	return ref, err
}

func ParseAnyReference(s string) (Reference, error) {
	ref, err := parseAnyReferenceOrig(s)
	recordRef("ParseAnyReference", s, ref, err)
	return ref, err
}

// recordMatch replaces r.MatchString in the regexp tests.
func recordMatch(t *testing.T, r *regexp.Regexp, input string) bool {
	match := r.MatchString(input)
	test, _ := fromTest(1)
	write(record{Test: test, Fn: "regexp:" + r.String(), Input: input, Match: &match})
	return match
}

// recordSubmatch is called first by checkRegexp.
func recordSubmatch(t *testing.T, r *regexp.Regexp, input string) {
	matches := r.FindStringSubmatch(input)
	match := matches != nil
	test, _ := fromTest(2)
	rec := record{Test: test, Fn: "regexp:" + r.String(), Input: input, Match: &match}
	if match {
		rec.Subs = matches[1:]
	}
	write(rec)
}

func WithName(s string) (Named, error) {
	ref, err := withNameOrig(s)
	var out Reference
	if err == nil {
		out = ref
	}
	recordRef("WithName", s, out, err)
	return ref, err
}

func ParseNamed(s string) (Named, error) {
	ref, err := parseNamedOrig(s)
	var out Reference
	if err == nil {
		out = ref
	}
	recordRef("ParseNamed", s, out, err)
	return ref, err
}
