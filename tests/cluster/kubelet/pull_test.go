package main

import (
	"context"
	"errors"
	"net"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
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
