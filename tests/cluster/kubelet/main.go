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
	"syscall"
	"time"

	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the node identity (system:node:<name>)")
	nodeName := flag.String("node-name", "alpha-node-1", "node name")
	nodeIP := flag.String("node-ip", "127.0.0.1", "InternalIP of the node")
	caFile := flag.String("registry-ca", "", "extra CA file trusted for registries (like /etc/containerd certs.d)")
	backoff := flag.Duration("image-backoff", envSeconds("PULLKEY_KUBELET_BACKOFF_SECONDS", 10*time.Second), "initial image pull back-off (kubelet: 10s); env PULLKEY_KUBELET_BACKOFF_SECONDS")
	backoffMax := flag.Duration("image-backoff-max", envSeconds("PULLKEY_KUBELET_BACKOFF_MAX_SECONDS", 300*time.Second), "maximum image pull back-off (kubelet: 300s); env PULLKEY_KUBELET_BACKOFF_MAX_SECONDS")
	workers := flag.Int("workers", 4, "pods synced in parallel (image pulls stay serialized, like serializeImagePulls)")
	flag.Parse()

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
	log.Printf("pullkey-kubelet: node %s, image back-off %v..%v", *nodeName, *backoff, *backoffMax)
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
