package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	ggcrv1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"k8s.io/kubernetes/pkg/credentialprovider"
)

// An in-memory registry (no auth) on loopback: success, not found, unreachable.
func TestPullOnceWording(t *testing.T) {
	srv := httptest.NewServer(registry.New())
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	host = "localhost:" + host[strings.LastIndex(host, ":")+1:]
	img, err := random.Image(512, 2)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := name.ParseReference(host + "/team/hello:1.0")
	if err := remote.Write(ref, img, remote.WithTransport(newPuller(nil).transport)); err != nil {
		t.Fatal(err)
	}
	p := newPuller(nil)
	ctx := context.Background()

	got, err := p.pullOnce(ctx, host+"/team/hello:1.0", nil)
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	dg, _ := img.Digest()
	if got.imageID != host+"/team/hello@"+dg.String() || got.size < 1024 {
		t.Errorf("pulled = %+v, want imageID …@%s and size ≥ 1024", got, dg)
	}

	_, err = p.pullOnce(ctx, host+"/team/hello:9.9", nil)
	want := `rpc error: code = NotFound desc = failed to pull and unpack image "` + host + `/team/hello:9.9": failed to resolve reference "` + host + `/team/hello:9.9": ` + host + `/team/hello:9.9: not found`
	if err == nil || err.Error() != want {
		t.Errorf("missing tag:\n got %v\nwant %s", err, want)
	}

	l, _ := net.Listen("tcp", "127.0.0.1:0")
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, err = p.pullOnce(ctx, "localhost:"+strconv.Itoa(port)+"/team/hello:1.0", nil)
	if err == nil || !strings.Contains(err.Error(), "failed to do request: Head \"https://localhost:"+strconv.Itoa(port)+"/v2/team/hello/manifests/1.0\": dial tcp") ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Errorf("unreachable: %v", err)
	}
}

func TestAggregateLikeUtilErrors(t *testing.T) {
	if got := aggregate([]error{errors.New("a")}).Error(); got != "a" {
		t.Errorf("one error: %q", got)
	}
	if got := aggregate([]error{errors.New("a"), errors.New("b")}).Error(); got != "[a, b]" {
		t.Errorf("two errors: %q", got)
	}
}

func TestApplyDefaultImageTag(t *testing.T) {
	for in, want := range map[string]string{
		"localhost:5000/team/hello":     "localhost:5000/team/hello:latest",
		"localhost:5000/team/hello:1.0": "localhost:5000/team/hello:1.0",
		"nginx":                         "nginx:latest",
	} {
		if got, err := applyDefaultImageTag(in); err != nil || got != want {
			t.Errorf("applyDefaultImageTag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// The keyring the kubelet builds from pull secrets (exact port, path prefix).
func TestKeyringFromSecretsLookup(t *testing.T) {
	kr := &credentialprovider.BasicDockerKeyring{}
	kr.Add(nil, credentialprovider.DockerConfig{
		"localhost:5000":      {Username: "host"},
		"localhost:5000/team": {Username: "team"},
		"localhost:6000":      {Username: "other-port"},
	})
	creds, _ := kr.Lookup("localhost:5000/team/hello")
	var users []string
	for _, c := range creds {
		users = append(users, c.Username)
	}
	if strings.Join(users, ",") != "team,host" {
		t.Errorf("lookup order = %v, want team,host", users)
	}
}

// The node-side network and platform failures, worded like containerd.
func TestPullOnceNodeFailures(t *testing.T) {
	srv := httptest.NewServer(registry.New())
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	host := "localhost:" + port
	img, _ := random.Image(256, 1)
	cf, _ := img.ConfigFile()
	cf.OS, cf.Architecture = "linux", "amd64"
	img, _ = mutate.ConfigFile(img, cf)
	ref, _ := name.ParseReference(host + "/team/hello:1.0")
	if err := remote.Write(ref, img, remote.WithTransport(newPuller(nil).transport)); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// An amd64 image on an arm64 node.
	arm := newPullerFor(nil, ggcrv1.Platform{OS: "linux", Architecture: "arm64"}, netOptions{})
	_, err := arm.pullOnce(ctx, host+"/team/hello:1.0", nil)
	want := `rpc error: code = NotFound desc = failed to pull and unpack image "` + host + `/team/hello:1.0": no match for platform in manifest: not found`
	if err == nil || err.Error() != want {
		t.Errorf("platform:\n got %v\nwant %s", err, want)
	}

	// A name the node's DNS does not know.
	nodns := newPullerFor(nil, ggcrv1.Platform{OS: "linux", Architecture: "amd64"}, netOptions{unresolvable: map[string]bool{"laptop-only.test": true}})
	_, err = nodns.pullOnce(ctx, "laptop-only.test:"+port+"/team/hello:1.0", nil)
	if err == nil || !strings.Contains(err.Error(), `failed to do request: Head "https://laptop-only.test:`+port+`/v2/team/hello/manifests/1.0": dial tcp: lookup laptop-only.test on 127.0.0.53:53: no such host`) {
		t.Errorf("dns: %v", err)
	}

	// Plain http under a name that is not localhost: no fallback.
	alias := newPullerFor(nil, ggcrv1.Platform{OS: "linux", Architecture: "amd64"}, netOptions{hosts: map[string]string{"registry.pullkey.test": "127.0.0.1"}})
	_, err = alias.pullOnce(ctx, "registry.pullkey.test:"+port+"/team/hello:1.0", nil)
	if err == nil || !strings.HasSuffix(err.Error(), `failed to do request: Head "https://registry.pullkey.test:`+port+`/v2/team/hello/manifests/1.0": http: server gave HTTP response to HTTPS client`) {
		t.Errorf("http-only: %v", err)
	}

	// TLS with a CA the node does not trust: no fallback to http either.
	tlsSrv := httptest.NewTLSServer(registry.New())
	defer tlsSrv.Close()
	tport := tlsSrv.URL[strings.LastIndex(tlsSrv.URL, ":")+1:]
	_, err = newPuller(nil).pullOnce(ctx, "127.0.0.1:"+tport+"/team/hello:1.0", nil)
	if err == nil || !strings.Contains(err.Error(), `failed to do request: Head "https://127.0.0.1:`+tport+`/v2/team/hello/manifests/1.0": tls: failed to verify certificate: x509: certificate signed by unknown authority`) {
		t.Errorf("untrusted tls: %v", err)
	}
}

// Docker Hub's 429 on the manifest GET (the HEAD passes).
func TestPullOnceRateLimited(t *testing.T) {
	reg := registry.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/manifests/") && r.Method == http.MethodGet {
			w.Header().Set("ratelimit-remaining", "0;w=21600")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}`))
			return
		}
		reg.ServeHTTP(w, r)
	}))
	defer srv.Close()
	host := "localhost:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	img, _ := random.Image(256, 1)
	ref, _ := name.ParseReference(host + "/team/hello:1.0")
	if err := remote.Write(ref, img, remote.WithTransport(newPuller(nil).transport)); err != nil {
		t.Fatal(err)
	}
	dg, _ := img.Digest()
	_, err := newPuller(nil).pullOnce(context.Background(), host+"/team/hello:1.0", nil)
	want := `rpc error: code = Unknown desc = failed to pull and unpack image "` + host + `/team/hello:1.0": failed to copy: httpReadSeeker: failed open: unexpected status code http://` + host + `/v2/team/hello/manifests/` + dg.String() + `: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.`
	if err == nil || err.Error() != want {
		t.Errorf("429:\n got %v\nwant %s", err, want)
	}
}
