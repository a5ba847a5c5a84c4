// Command pullkey-kubelet is the simulated node of the test cluster.
//
// It registers a Node (Ready, InternalIP 127.0.0.1, Lease renewed every 10 s)
// and, for every pod bound to it, does what a kubelet does about images, for
// real: resolves credentials from the pod's imagePullSecrets with the kubelet's
// own keyring code (k8s.io/kubernetes/pkg/credentialprovider), fetches the
// manifest, config and layers from the registry with go-containerregistry, and
// reports exactly what a kubelet with containerd reports: events (component
// "kubelet", same reasons and messages as pkg/kubelet/images and kuberuntime of
// the pinned release), container statuses, pull back-off (10 s doubling to
// 300 s by default), imagePullPolicy. It does NOT run processes: a container
// whose image was pulled is "running" until its pod is deleted (no probes,
// no exits, no logs/exec, no volumes, no networking).
package main

import (
	"context"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/clientcmd"
)

// node is this node's platform, taints and resolver (flags).
var node = struct {
	os, arch string
	taints   []v1.Taint
	net      netOptions
}{os: "linux", arch: "amd64"}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the node identity (system:node:<name>)")
	nodeName := flag.String("node-name", "alpha-node-1", "node name")
	nodeIP := flag.String("node-ip", "127.0.0.1", "InternalIP of the node")
	caFile := flag.String("registry-ca", "", "extra CA file trusted for registries (like /etc/containerd certs.d)")
	backoff := flag.Duration("image-backoff", envSeconds("PULLKEY_KUBELET_BACKOFF_SECONDS", 10*time.Second), "initial image pull back-off (kubelet: 10s); env PULLKEY_KUBELET_BACKOFF_SECONDS")
	backoffMax := flag.Duration("image-backoff-max", envSeconds("PULLKEY_KUBELET_BACKOFF_MAX_SECONDS", 300*time.Second), "maximum image pull back-off (kubelet: 300s); env PULLKEY_KUBELET_BACKOFF_MAX_SECONDS")
	workers := flag.Int("workers", 4, "pods synced in parallel (image pulls stay serialized, like serializeImagePulls)")
	platform := flag.String("platform", "linux/amd64", "os/arch of the node: its kubernetes.io/os and kubernetes.io/arch labels and the platform pulled from image indexes")
	taints := flag.String("register-with-taints", "", "taints of the registered node, key=value:Effect,... (like the kubelet's flag)")
	var addHosts, unresolvable listFlag
	flag.Var(&addHosts, "add-host", "name=IP the node resolves (its /etc/hosts), repeatable")
	flag.Var(&unresolvable, "unresolvable-host", "a name the node's DNS does not resolve (dial fails with Go's \"no such host\"), repeatable")
	flag.Parse()

	os_, arch, ok := strings.Cut(*platform, "/")
	if !ok {
		log.Fatalf("--platform %q is not os/arch", *platform)
	}
	node.os, node.arch = os_, arch
	for _, t := range strings.Split(*taints, ",") {
		if t == "" {
			continue
		}
		kv, effect, ok := strings.Cut(t, ":")
		key, value, _ := strings.Cut(kv, "=")
		if !ok {
			log.Fatalf("taint %q is not key=value:Effect", t)
		}
		node.taints = append(node.taints, v1.Taint{Key: key, Value: value, Effect: v1.TaintEffect(effect)})
	}
	node.net = netOptions{hosts: map[string]string{}, unresolvable: map[string]bool{}}
	for _, h := range addHosts {
		n, ip, ok := strings.Cut(h, "=")
		if !ok {
			log.Fatalf("--add-host %q is not name=IP", h)
		}
		node.net.hosts[strings.ToLower(n)] = ip
	}
	for _, n := range unresolvable {
		node.net.unresolvable[strings.ToLower(n)] = true
	}

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	cfg.UserAgent = "kubelet/pullkey-sim"

	var pool *x509.CertPool
	if *caFile != "" {
		pool, err = x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			log.Fatalf("registry CA: %v", err)
		}
		pool.AppendCertsFromPEM(pem)
	}

	k, err := newKubelet(cfg, *nodeName, *nodeIP, pool, *backoff, *backoffMax)
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	log.Printf("pullkey-kubelet: node %s (%s), image back-off %v..%v", *nodeName, *platform, *backoff, *backoffMax)
	if err := k.run(ctx, *workers); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

func envSeconds(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err == nil && f > 0 {
			return time.Duration(f * float64(time.Second))
		}
		fmt.Fprintf(os.Stderr, "ignoring %s=%q\n", name, v)
	}
	return def
}
