// Package harnesstest checks the test cluster itself (tests/cluster), with
// kubectl of the same release as the independent checker. It needs a running
// cluster: `npm run cluster:up` (node tests/cluster/up.ts) first; without
// tests/cluster/.state/cluster.json every test FAILS (never skips).
//
//	bash tests/cluster/test.sh
package harnesstest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

type user struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	Pull     []string `json:"pull"`
}

type registry struct {
	URL    string  `json:"url"`
	Host   string  `json:"host"`
	Auth   string  `json:"auth"`
	CAFile *string `json:"caFile"`
	Users  []user  `json:"users"`
}

type clusterState struct {
	Kubeconfig string   `json:"kubeconfig"`
	Kubectl    string   `json:"kubectl"`
	Contexts   []string `json:"contexts"`
	Namespaces struct {
		Alpha []string `json:"alpha"`
		Beta  []string `json:"beta"`
	} `json:"namespaces"`
	Registries struct {
		Basic  registry `json:"basic"`
		Token  registry `json:"token"`
		Public registry `json:"public"`
	} `json:"registries"`
	Kubelet struct {
		Node              string  `json:"node"`
		BackoffSeconds    float64 `json:"backoffSeconds"`
		BackoffMaxSeconds float64 `json:"backoffMaxSeconds"`
	} `json:"kubelet"`
	KubernetesVersion string `json:"kubernetesVersion"`
}

func stateFile() string {
	if f := os.Getenv("PULLKEY_CLUSTER_STATE"); f != "" {
		return f
	}
	_, me, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(me), "..", ".state", "cluster.json")
}

// load fails the test (never skips) when the cluster is not up.
func load(t *testing.T) *clusterState {
	t.Helper()
	f := stateFile()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatalf("no test cluster (%v): run `npm run cluster:up` (node tests/cluster/up.ts) before these tests", err)
	}
	var s clusterState
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return &s
}

type result struct {
	stdout, stderr string
	err            error
}

func (s *clusterState) kubectl(ctx context.Context, env []string, stdin string, args ...string) result {
	cmd := exec.CommandContext(ctx, s.Kubectl, append([]string{"--kubeconfig", s.Kubeconfig}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	return result{out.String(), errb.String(), err}
}

// must runs kubectl and fails the test on error.
func (s *clusterState) must(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r := s.kubectl(ctx, nil, stdin, args...)
	if r.err != nil {
		t.Fatalf("kubectl %s: %v\n%s%s", strings.Join(args, " "), r.err, r.stdout, r.stderr)
	}
	return r.stdout
}

func suffix() string {
	b := make([]byte, 3)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *clusterState) pullSecret(t *testing.T, ns, name string, reg registry, username, password string) {
	t.Helper()
	s.must(t, "", "--context", "alpha-admin", "-n", ns, "create", "secret", "docker-registry", name,
		"--docker-server="+reg.Host, "--docker-username="+username, "--docker-password="+password)
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "secret", name, "--wait=false")
	})
}

func (s *clusterState) pod(t *testing.T, ns, name, image, secret, policy string) {
	t.Helper()
	spec := map[string]any{
		"containers": []any{map[string]any{"name": "app", "image": image, "imagePullPolicy": policy}},
	}
	if secret != "" {
		spec["imagePullSecrets"] = []any{map[string]any{"name": secret}}
	}
	b, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": name, "namespace": ns}, "spec": spec})
	s.must(t, string(b), "--context", "alpha-admin", "apply", "-f", "-")
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "pod", name, "--wait=false")
	})
}

type event struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
	Type    string `json:"type"`
	Source  struct {
		Component string `json:"component"`
	} `json:"source"`
	ReportingComponent string `json:"reportingComponent"`
}

func (s *clusterState) events(t *testing.T, ns, pod string) []event {
	t.Helper()
	out := s.must(t, "", "--context", "alpha-admin", "-n", ns, "get", "events", "--field-selector", "involvedObject.name="+pod, "-o", "json")
	var l struct {
		Items []event `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	return l.Items
}

type containerWaiting struct{ Reason, Message string }

func (s *clusterState) waiting(t *testing.T, ns, pod string) containerWaiting {
	t.Helper()
	out := s.must(t, "", "--context", "alpha-admin", "-n", ns, "get", "pod", pod, "-o", "json")
	var p struct {
		Status struct {
			ContainerStatuses []struct {
				State struct {
					Waiting *containerWaiting `json:"waiting"`
				} `json:"state"`
			} `json:"containerStatuses"`
		} `json:"status"`
	}
	json.Unmarshal([]byte(out), &p)
	if len(p.Status.ContainerStatuses) == 0 || p.Status.ContainerStatuses[0].State.Waiting == nil {
		return containerWaiting{}
	}
	return *p.Status.ContainerStatuses[0].State.Waiting
}

// pullTimeout covers two pull attempts with the configured back-off plus the
// kubelet's sync period jitter.
func (s *clusterState) pullTimeout() time.Duration {
	b := s.Kubelet.BackoffSeconds
	if b <= 0 {
		b = 10
	}
	return time.Duration(6*b)*time.Second + 30*time.Second
}

func eventReasons(evs []event) []string {
	var r []string
	for _, e := range evs {
		r = append(r, e.Reason)
	}
	return r
}

func hasEvent(evs []event, reason, contains string) bool {
	for _, e := range evs {
		if e.Reason == reason && strings.Contains(e.Message, contains) {
			return true
		}
	}
	return false
}

func TestClustersAndNamespaces(t *testing.T) {
	s := load(t)
	for ctx, want := range map[string][]string{"alpha-admin": s.Namespaces.Alpha, "beta-admin": s.Namespaces.Beta} {
		out := s.must(t, "", "--context", ctx, "get", "namespaces", "-o", "name")
		for _, ns := range want {
			if !strings.Contains(out, "namespace/"+ns+"\n") {
				t.Errorf("%s: namespace %s missing in\n%s", ctx, ns, out)
			}
		}
	}
	out := s.must(t, "", "--context", "alpha-admin", "get", "ns", "team1-dev", "-o", "jsonpath={.metadata.labels.field\\.cattle\\.io/projectId} {.metadata.annotations.field\\.cattle\\.io/projectId}")
	if out != "p-team1 c-alpha:p-team1" {
		t.Errorf("team1-dev project label/annotation = %q", out)
	}
	v := s.must(t, "", "--context", "alpha-admin", "version", "-o", "json")
	if !strings.Contains(v, `"gitVersion": "`+s.KubernetesVersion+`"`) || !strings.Contains(v, "serverVersion") {
		t.Errorf("server version is not %s:\n%s", s.KubernetesVersion, v)
	}
	node := s.must(t, "", "--context", "alpha-admin", "get", "node", s.Kubelet.Node, "-o", `jsonpath={.status.conditions[?(@.type=="Ready")].status}`)
	if node != "True" {
		t.Errorf("node %s Ready = %q", s.Kubelet.Node, node)
	}
	lease := s.must(t, "", "--context", "alpha-admin", "-n", "kube-node-lease", "get", "lease", s.Kubelet.Node, "-o", "jsonpath={.spec.renewTime}")
	if lt, err := time.Parse(time.RFC3339Nano, lease); err != nil || time.Since(lt) > 30*time.Second {
		t.Errorf("lease renewTime %q is not recent (%v)", lease, err)
	}
}

func TestDevForbiddenInTeam2(t *testing.T) {
	s := load(t)
	ctx := context.Background()
	r := s.kubectl(ctx, nil, "", "--context", "alpha-dev", "-n", "team2-app", "get", "pods")
	if r.err == nil || !strings.Contains(r.stderr, "Forbidden") || !strings.Contains(r.stderr, `User "dev" cannot list resource "pods"`) {
		t.Errorf("dev in team2-app: want 403 Forbidden, got err=%v stdout=%q stderr=%q", r.err, r.stdout, r.stderr)
	}
	for ns, want := range map[string]string{"team1-dev": "yes", "team1-staging": "yes", "team2-app": "no", "sandbox": "no"} {
		r := s.kubectl(ctx, nil, "", "--context", "alpha-dev", "auth", "can-i", "create", "deployments", "-n", ns)
		if got := strings.TrimSpace(r.stdout); got != want {
			t.Errorf("dev can-i create deployments -n %s = %q, want %q", ns, got, want)
		}
	}
}

func TestExecContext(t *testing.T) {
	s := load(t)
	ctx := context.Background()
	r := s.kubectl(ctx, nil, "", "--context", "alpha-exec", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")
	if r.err != nil || r.stdout != "admin" {
		t.Fatalf("alpha-exec whoami: %q %v %s", r.stdout, r.err, r.stderr)
	}
	start := time.Now()
	r = s.kubectl(ctx, []string{"PULLKEY_EXEC_DELAY_MS=1500"}, "", "--context", "alpha-exec", "get", "ns", "default", "-o", "name")
	if r.err != nil || strings.TrimSpace(r.stdout) != "namespace/default" {
		t.Fatalf("alpha-exec with delay: %q %v %s", r.stdout, r.err, r.stderr)
	}
	if d := time.Since(start); d < 1500*time.Millisecond {
		t.Errorf("PULLKEY_EXEC_DELAY_MS=1500 took only %v", d)
	}
}

func TestDeploymentWithSecretReachesReady(t *testing.T) {
	s := load(t)
	cases := []struct {
		name  string
		reg   registry
		user  user
		image string
	}{
		{"basic", s.Registries.Basic, s.Registries.Basic.Users[0], "team/hello:1.0"},
		{"token", s.Registries.Token, s.Registries.Token.Users[1], "team/hello:1.1"}, // bob: pull team/* only
		{"public", s.Registries.Public, user{}, "public/hello:1.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ns, name := "team1-dev", "hello-"+c.name+"-"+suffix()
			secret := ""
			if c.user.Username != "" {
				secret = name + "-pull"
				s.pullSecret(t, ns, secret, c.reg, c.user.Username, c.user.Password)
			}
			image := c.reg.Host + "/" + c.image
			dep := map[string]any{
				"apiVersion": "apps/v1", "kind": "Deployment",
				"metadata": map[string]any{"name": name, "namespace": ns, "labels": map[string]string{"app.kubernetes.io/name": name}},
				"spec": map[string]any{
					"replicas": 1,
					"selector": map[string]any{"matchLabels": map[string]string{"app.kubernetes.io/name": name}},
					"template": map[string]any{
						"metadata": map[string]any{"labels": map[string]string{"app.kubernetes.io/name": name}},
						"spec": map[string]any{
							"containers":       []any{map[string]any{"name": name, "image": image}},
							"imagePullSecrets": []any{},
						},
					},
				},
			}
			if secret != "" {
				dep["spec"].(map[string]any)["template"].(map[string]any)["spec"].(map[string]any)["imagePullSecrets"] = []any{map[string]any{"name": secret}}
			}
			b, _ := json.Marshal(dep)
			s.must(t, string(b), "--context", "alpha-dev", "apply", "-f", "-")
			t.Cleanup(func() {
				s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "deployment", name, "--wait=false")
			})
			s.must(t, "", "--context", "alpha-dev", "-n", ns, "rollout", "status", "deployment/"+name, "--timeout=60s")
			pod := strings.TrimPrefix(strings.TrimSpace(s.must(t, "", "--context", "alpha-dev", "-n", ns, "get", "pods", "-l", "app.kubernetes.io/name="+name, "-o", "name")), "pod/")
			ready := s.must(t, "", "--context", "alpha-dev", "-n", ns, "get", "pod", pod, "-o", `jsonpath={.status.phase} {.status.conditions[?(@.type=="Ready")].status} {.status.containerStatuses[0].imageID}`)
			if !strings.HasPrefix(ready, "Running True "+c.reg.Host+"/"+strings.Split(c.image, ":")[0]+"@sha256:") {
				t.Errorf("pod %s: phase/ready/imageID = %q", pod, ready)
			}
			var evs []event
			want := []string{"Scheduled", "Pulling", "Pulled", "Created", "Started"}
			deadline := time.Now().Add(20 * time.Second)
			for {
				evs = s.events(t, ns, pod)
				missing := false
				for _, w := range want {
					if !hasEvent(evs, w, "") {
						missing = true
					}
				}
				if !missing || time.Now().After(deadline) {
					break
				}
				time.Sleep(500 * time.Millisecond)
			}
			for _, w := range want {
				if !hasEvent(evs, w, "") {
					t.Errorf("pod %s: no %s event; events: %v", pod, w, eventReasons(evs))
				}
			}
			if !hasEvent(evs, "Pulling", fmt.Sprintf("Pulling image %q", image)) ||
				!hasEvent(evs, "Pulled", fmt.Sprintf("Successfully pulled image %q in ", image)) ||
				!hasEvent(evs, "Pulled", "Image size: ") {
				t.Errorf("pull events not worded like the kubelet: %+v", evs)
			}
			for _, e := range evs {
				if e.Reason != "Scheduled" && e.Source.Component != "kubelet" {
					t.Errorf("event %s from %q, want kubelet", e.Reason, e.Source.Component)
				}
			}
		})
	}
}

// failing pulls: the status goes ErrImagePull (with the registry's error) then ImagePullBackOff.
func TestPullFailures(t *testing.T) {
	s := load(t)
	basic, tok := s.Registries.Basic, s.Registries.Token
	cases := []struct {
		name, image string
		reg         registry
		username    string
		password    string
		want        string
	}{
		{"wrong-password-basic", "team/hello:1.0", basic, basic.Users[0].Username, "wrong-password", "401 Unauthorized"},
		{"wrong-password-token", "team/hello:1.0", tok, tok.Users[0].Username, "wrong-password", "401 Unauthorized"},
		{"missing-tag", "team/hello:9.9", basic, basic.Users[0].Username, basic.Users[0].Password, "not found"},
		{"no-scope-token", "private/api:2.0", tok, tok.Users[1].Username, tok.Users[1].Password, "insufficient_scope"},
		{"no-secret-token", "team/hello:1.0", tok, "", "", "insufficient_scope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ns, name := "team1-dev", "fail-"+c.name+"-"+suffix()
			secret := ""
			if c.username != "" {
				secret = name + "-pull"
				s.pullSecret(t, ns, secret, c.reg, c.username, c.password)
			}
			image := c.reg.Host + "/" + c.image
			s.pod(t, ns, name, image, secret, "IfNotPresent")
			seen := map[string]string{}
			deadline := time.Now().Add(s.pullTimeout())
			for time.Now().Before(deadline) && seen["ImagePullBackOff"] == "" {
				w := s.waiting(t, ns, name)
				if w.Reason != "" && seen[w.Reason] == "" {
					seen[w.Reason] = w.Message
				}
				time.Sleep(250 * time.Millisecond)
			}
			if m := seen["ErrImagePull"]; !strings.Contains(m, c.want) {
				t.Errorf("waiting ErrImagePull message %q does not contain %q (seen: %v)", m, c.want, seen)
			}
			if m := seen["ImagePullBackOff"]; !strings.HasPrefix(m, fmt.Sprintf("Back-off pulling image %q: ErrImagePull: ", image)) || !strings.Contains(m, c.want) {
				t.Errorf("waiting ImagePullBackOff message %q (seen: %v)", m, seen)
			}
			evs := s.events(t, ns, name)
			if !hasEvent(evs, "Failed", fmt.Sprintf("Failed to pull image %q: ", image)) || !hasEvent(evs, "Failed", c.want) {
				t.Errorf("no Failed event with %q: %+v", c.want, evs)
			}
			if !hasEvent(evs, "Failed", "Error: ErrImagePull") || !hasEvent(evs, "BackOff", fmt.Sprintf("Back-off pulling image %q", image)) {
				t.Errorf("missing Error: ErrImagePull / BackOff events: %+v", evs)
			}
		})
	}
}

// IfNotPresent: a second pod with the same credentials uses the image already on the node.
func TestIfNotPresentReusesImage(t *testing.T) {
	s := load(t)
	reg := s.Registries.Basic
	ns := "team1-dev"
	secret := "reuse-" + suffix()
	s.pullSecret(t, ns, secret, reg, reg.Users[0].Username, reg.Users[0].Password)
	image := reg.Host + "/team/hello:1.1"
	for i := 0; i < 2; i++ {
		name := fmt.Sprintf("%s-%d", secret, i)
		s.pod(t, ns, name, image, secret, "IfNotPresent")
		s.must(t, "", "--context", "alpha-admin", "-n", ns, "wait", "--for=condition=Ready", "pod/"+name, "--timeout=60s")
		if i == 1 {
			var evs []event
			for j := 0; j < 20; j++ {
				if evs = s.events(t, ns, name); hasEvent(evs, "Started", "") {
					break
				}
				time.Sleep(250 * time.Millisecond)
			}
			if !hasEvent(evs, "Pulled", fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", image)) || hasEvent(evs, "Pulling", "") {
				t.Errorf("second pod should reuse the image: %+v", evs)
			}
		}
	}
}

// Deleting a namespace with running pods finishes (the kubelet removes terminating pods).
func TestNamespaceDeletionFinishes(t *testing.T) {
	s := load(t)
	ns := "harness-" + suffix()
	s.must(t, "", "--context", "alpha-admin", "create", "namespace", ns)
	s.pod(t, ns, "hello", s.Registries.Public.Host+"/public/hello:1.0", "", "Always")
	s.must(t, "", "--context", "alpha-admin", "-n", ns, "wait", "--for=condition=Ready", "pod/hello", "--timeout=60s")
	start := time.Now()
	s.must(t, "", "--context", "alpha-admin", "delete", "namespace", ns, "--timeout=60s")
	t.Logf("namespace with a running pod deleted in %v", time.Since(start).Round(time.Millisecond))
}

// Cluster beta has its own scheduler and simulated node: pods pull there too.
func TestBetaPullsToo(t *testing.T) {
	s := load(t)
	reg := s.Registries.Basic
	ns, name := "team1-dev", "beta-"+suffix()
	s.must(t, "", "--context", "beta-admin", "-n", ns, "create", "secret", "docker-registry", name,
		"--docker-server="+reg.Host, "--docker-username="+reg.Users[1].Username, "--docker-password="+reg.Users[1].Password)
	s.must(t, "", "--context", "beta-admin", "-n", ns, "run", name, "--image="+reg.Host+"/team/hello:1.0",
		`--overrides={"spec":{"imagePullSecrets":[{"name":"`+name+`"}]}}`)
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "beta-admin", "-n", ns, "delete", "pod,secret", name, "--wait=false")
	})
	s.must(t, "", "--context", "beta-admin", "-n", ns, "wait", "--for=condition=Ready", "pod/"+name, "--timeout=60s")
	node := s.must(t, "", "--context", "beta-admin", "-n", ns, "get", "pod", name, "-o", "jsonpath={.spec.nodeName}")
	if node != "beta-node-1" {
		t.Errorf("pod on %q, want beta-node-1", node)
	}
}

// The ServiceAccount admission plugin copies the service account's
// imagePullSecrets into new pods, and the kubelet uses them ("make available
// to kubectl workloads").
func TestServiceAccountPullSecrets(t *testing.T) {
	s := load(t)
	reg := s.Registries.Token
	ns := "sa-" + suffix()
	s.must(t, "", "--context", "alpha-admin", "create", "namespace", ns)
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "delete", "namespace", ns, "--wait=false")
	})
	s.pullSecret(t, ns, "token-alice", reg, reg.Users[0].Username, reg.Users[0].Password)
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "patch", "serviceaccount", "default",
			"-p", `{"imagePullSecrets":[{"name":"token-alice"}]}`)
		if r.err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("patch default service account: %v %s", r.err, r.stderr)
		}
		time.Sleep(250 * time.Millisecond) // the serviceaccount controller creates it
	}
	s.pod(t, ns, "api", reg.Host+"/private/api:2.0", "", "IfNotPresent")
	got := s.must(t, "", "--context", "alpha-admin", "-n", ns, "get", "pod", "api", "-o", "jsonpath={.spec.imagePullSecrets[*].name}")
	if got != "token-alice" {
		t.Errorf("pod imagePullSecrets = %q, want token-alice (from the service account)", got)
	}
	s.must(t, "", "--context", "alpha-admin", "-n", ns, "wait", "--for=condition=Ready", "pod/api", "--timeout=60s")
}

// Credentials are matched with the kubelet's keyring rules: a key with a path
// prefix only serves images under it, every matching key is tried (most
// specific first), and a missing secret is reported but does not stop the pull.
func TestCredentialMatching(t *testing.T) {
	s := load(t)
	reg := s.Registries.Basic
	ns := "sandbox"
	id := suffix()
	wrong, scoped := "wrong-"+id, "team-"+id
	s.pullSecret(t, ns, wrong, reg, reg.Users[1].Username, "not-the-password")
	s.must(t, "", "--context", "alpha-admin", "-n", ns, "create", "secret", "docker-registry", scoped,
		"--docker-server=http://"+reg.Host+"/team", "--docker-username="+reg.Users[1].Username, "--docker-password="+reg.Users[1].Password)
	t.Cleanup(func() {
		s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "secret", scoped, "--wait=false")
	})
	podWith := func(name, image string) {
		b, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": name, "namespace": ns},
			"spec": map[string]any{
				"containers":       []any{map[string]any{"name": "app", "image": image}},
				"imagePullSecrets": []any{map[string]any{"name": wrong}, map[string]any{"name": "absent-" + id}, map[string]any{"name": scoped}},
			}})
		s.must(t, string(b), "--context", "alpha-admin", "apply", "-f", "-")
		t.Cleanup(func() {
			s.kubectl(context.Background(), nil, "", "--context", "alpha-admin", "-n", ns, "delete", "pod", name, "--wait=false")
		})
	}
	ok, denied := "match-ok-"+id, "match-denied-"+id
	podWith(ok, reg.Host+"/team/hello:1.1")
	podWith(denied, reg.Host+"/private/api:2.0")
	s.must(t, "", "--context", "alpha-admin", "-n", ns, "wait", "--for=condition=Ready", "pod/"+ok, "--timeout=60s")
	evs := s.events(t, ns, ok)
	if !hasEvent(evs, "FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (absent-"+id+"); attempting to pull the image may not succeed.") {
		t.Errorf("no FailedToRetrieveImagePullSecret event: %+v", evs)
	}
	deadline := time.Now().Add(s.pullTimeout())
	var w containerWaiting
	for time.Now().Before(deadline) {
		if w = s.waiting(t, ns, denied); w.Reason == "ErrImagePull" || w.Reason == "ImagePullBackOff" {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !strings.Contains(w.Message, "401 Unauthorized") {
		t.Errorf("private/api with only the host-wide wrong key: waiting = %+v, want 401", w)
	}
}
