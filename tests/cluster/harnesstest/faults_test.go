package harnesstest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

type faultEndpoint struct {
	Host   string  `json:"host"`
	URL    string  `json:"url"`
	CAFile *string `json:"caFile"`
	Image  string  `json:"image"`
}

type pullFaults struct {
	PlatformNode struct {
		Node  string `json:"node"`
		Arch  string `json:"arch"`
		Taint struct {
			Key, Value, Effect string
		} `json:"taint"`
	} `json:"platformNode"`
	MultiPlatformImages []struct {
		Image     string   `json:"image"`
		Platforms []string `json:"platforms"`
	} `json:"multiPlatformImages"`
	RateLimited        faultEndpoint  `json:"rateLimited"`
	UntrustedTLS       faultEndpoint  `json:"untrustedTls"`
	HTTPOnly           faultEndpoint  `json:"httpOnly"`
	NodeDNS            *faultEndpoint `json:"nodeDns"`
	NodeDNSUnavailable string         `json:"nodeDnsUnavailable"`
}

func loadFaults(t *testing.T) (*clusterState, pullFaults) {
	s := load(t)
	b, err := os.ReadFile(stateFile())
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		PullFaults pullFaults `json:"pullFaults"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.PullFaults.PlatformNode.Node == "" {
		t.Fatal("cluster.json has no pullFaults: restart the cluster (npm run cluster:down && npm run cluster:up)")
	}
	return s, f.PullFaults
}

// podOn applies a pod; arm64 pods tolerate the arm node's taint and select it.
func (s *clusterState) podOn(t *testing.T, ns, name, image string, f pullFaults, arm bool) {
	t.Helper()
	spec := map[string]any{"containers": []any{map[string]any{"name": "app", "image": image, "imagePullPolicy": "Always"}}}
	if arm {
		spec["nodeSelector"] = map[string]string{"kubernetes.io/arch": f.PlatformNode.Arch}
		spec["tolerations"] = []any{map[string]string{"key": f.PlatformNode.Taint.Key, "operator": "Equal", "value": f.PlatformNode.Taint.Value, "effect": f.PlatformNode.Taint.Effect}}
	}
	b, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": name, "namespace": ns}, "spec": spec})
	s.must(t, string(b), "--context", "alpha-admin", "apply", "-f", "-")
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "pod", name, "--wait=false")
	})
}

func (s *clusterState) waitPullError(t *testing.T, ns, name string) string {
	t.Helper()
	deadline := time.Now().Add(s.pullTimeout())
	for time.Now().Before(deadline) {
		if w := s.waiting(t, ns, name); w.Reason == "ErrImagePull" || w.Reason == "ImagePullBackOff" {
			return w.Message
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("pod %s/%s never reached ErrImagePull", ns, name)
	return ""
}

func TestArmNode(t *testing.T) {
	s, f := loadFaults(t)
	out := s.must(t, "", "--context", "alpha-admin", "get", "node", f.PlatformNode.Node, "-o",
		`jsonpath={.metadata.labels.kubernetes\.io/arch} {.status.nodeInfo.architecture} {.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect}`)
	want := "arm64 arm64 " + f.PlatformNode.Taint.Key + "=" + f.PlatformNode.Taint.Value + ":NoSchedule"
	if out != want {
		t.Errorf("arm node: %q, want %q", out, want)
	}
}

func TestNodePullFaults(t *testing.T) {
	s, f := loadFaults(t)
	multi := ""
	for _, m := range f.MultiPlatformImages {
		if strings.HasSuffix(m.Image, ":1.0") {
			multi = m.Image
		}
	}
	cases := []struct {
		name, image string
		arm         bool
		want        string
	}{
		{"platform", multi, true, `failed to pull and unpack image "` + multi + `": no match for platform in manifest: not found`},
		{"platform-ok", multi, false, ""},
		{"ratelimit", f.RateLimited.Image, false, "429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit."},
		{"untrusted", f.UntrustedTLS.Image, false, `Head "https://` + f.UntrustedTLS.Host + `/v2/public/hello/manifests/1.0": tls: failed to verify certificate: x509: certificate signed by unknown authority`},
		{"httponly", f.HTTPOnly.Image, false, `Head "https://` + f.HTTPOnly.Host + `/v2/public/hello/manifests/1.0": http: server gave HTTP response to HTTPS client`},
	}
	if f.NodeDNS != nil {
		name := strings.Split(f.NodeDNS.Host, ":")[0]
		cases = append(cases, struct {
			name, image string
			arm         bool
			want        string
		}{"nodedns", f.NodeDNS.Image, false, "dial tcp: lookup " + name + " on 127.0.0.53:53: no such host"})
	} else {
		t.Errorf("no node-DNS endpoint: %s", f.NodeDNSUnavailable)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ns, name := "sandbox", "fault-"+c.name+"-"+suffix()
			s.podOn(t, ns, name, c.image, f, c.arm)
			if c.want == "" {
				deadline := time.Now().Add(s.pullTimeout())
				for time.Now().Before(deadline) {
					if strings.Contains(s.must(t, "", "--context", "alpha-admin", "-n", ns, "get", "pod", name, "-o", "jsonpath={.status.phase}"), "Running") {
						return
					}
					time.Sleep(300 * time.Millisecond)
				}
				t.Fatalf("%s never ran on the amd64 node", c.image)
			}
			if m := s.waitPullError(t, ns, name); !strings.Contains(m, c.want) {
				t.Errorf("ErrImagePull message\n %q\ndoes not contain\n %q", m, c.want)
			}
		})
	}
}

// The rate-limited endpoint answers HEAD with Docker Hub's headers, GET with 429.
func TestRateLimitProxyHeaders(t *testing.T) {
	_, f := loadFaults(t)
	url := f.RateLimited.URL + "/v2/public/hello/manifests/1.0"
	req, _ := http.NewRequest(http.MethodHead, url, nil)
	req.Header.Set("Accept", "application/vnd.docker.distribution.manifest.v2+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ratelimit-remaining") != "0;w=21600" || resp.Header.Get("ratelimit-limit") == "" {
		t.Errorf("HEAD %s: %d %v", url, resp.StatusCode, resp.Header)
	}
	resp, err = http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 {
		t.Errorf("GET %s: %d, want 429", url, resp.StatusCode)
	}
}
