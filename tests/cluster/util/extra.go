package main

// Extensions of the test registries for the Pull doctor's network and platform
// diagnoses: a second CA the laptop trusts but the node does not, image
// indexes for chosen platforms, and loopback proxies (rate limit, TLS, plain).

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// laptopPKI writes laptop-ca.crt and laptop-serving.{crt,key} (SANs: localhost,
// 127.0.0.1 and the given names) into dir: a CA only the laptop side trusts.
func laptopPKI(dir string, names []string) error {
	now := time.Now().Add(-time.Hour)
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: "pullkey-laptop-only-ca", Organization: []string{"PullKey tests"}},
		NotBefore: now, NotAfter: now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	if err := writePEM(filepath.Join(dir, "laptop-ca.crt"), "CERTIFICATE", caDER, 0o644); err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: now, NotAfter: now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    append([]string{"localhost"}, names...),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "laptop-serving.crt"), "CERTIFICATE", der, 0o644); err != nil {
		return err
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	return writePEM(filepath.Join(dir, "laptop-serving.key"), "EC PRIVATE KEY", keyDER, 0o600)
}

// seedIndex pushes REPO:TAG as an OCI image index with one small image per
// platform (os/arch[/variant]): seed-index --registry H [--ca F] REPO:TAG PLATFORM...
func seedIndex(args []string) error {
	fs := flag.NewFlagSet("seed-index", flag.ExitOnError)
	reg := fs.String("registry", "", "registry host:port")
	ca := fs.String("ca", "", "CA file to trust (TLS registries)")
	fs.Parse(args)
	if *reg == "" || fs.NArg() < 2 {
		usage()
	}
	tr, err := transportWithCA(*ca)
	if err != nil {
		return err
	}
	ref, err := name.ParseReference(*reg + "/" + fs.Arg(0))
	if err != nil {
		return err
	}
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, p := range fs.Args()[1:] {
		parts := strings.Split(p, "/")
		if len(parts) < 2 {
			return fmt.Errorf("platform %q is not os/arch[/variant]", p)
		}
		plat := v1.Platform{OS: parts[0], Architecture: parts[1]}
		if len(parts) > 2 {
			plat.Variant = parts[2]
		}
		img, err := smallImage(fs.Arg(0)+" "+p, true)
		if err != nil {
			return err
		}
		cf, err := img.ConfigFile()
		if err != nil {
			return err
		}
		cf = cf.DeepCopy()
		cf.OS, cf.Architecture, cf.Variant = plat.OS, plat.Architecture, plat.Variant
		if img, err = mutate.ConfigFile(img, cf); err != nil {
			return err
		}
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &plat}})
	}
	if err := remote.WriteIndex(ref, idx, remote.WithTransport(tr)); err != nil {
		return fmt.Errorf("push %s: %w", ref, err)
	}
	d, _ := idx.Digest()
	fmt.Printf("%s@%s\n", ref, d)
	return nil
}

// Docker Hub's answer once the pull limit is reached (its documented JSON error
// body and RateLimit headers).
const rateLimitBody = `{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"}]}`

// proxies serves loopback proxies in front of one upstream registry:
//   - --ratelimit ADDR: plain http; manifest GETs answer 429 toomanyrequests,
//     manifest HEADs pass (Docker Hub does not count them) with the headers;
//   - --tls ADDR (with --cert/--key): https with that certificate;
//   - --plain ADDR: plain http, unchanged.
func proxies(args []string) error {
	fs := flag.NewFlagSet("proxies", flag.ExitOnError)
	upstream := fs.String("upstream", "", "upstream registry URL (http://127.0.0.1:PORT)")
	rl := fs.String("ratelimit", "", "listen address of the rate-limiting proxy")
	limit := fs.String("ratelimit-limit", "100;w=21600", "ratelimit-limit header")
	remaining := fs.String("ratelimit-remaining", "0;w=21600", "ratelimit-remaining header")
	tlsAddr := fs.String("tls", "", "listen address of the TLS proxy")
	cert := fs.String("cert", "", "TLS certificate")
	key := fs.String("key", "", "TLS key")
	plain := fs.String("plain", "", "listen address of the plain-http proxy")
	fs.Parse(args)
	u, err := url.Parse(*upstream)
	if err != nil || *upstream == "" {
		return fmt.Errorf("--upstream %q: %v", *upstream, err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	errs := make(chan error, 3)
	serve := func(addr string, h http.Handler, tls bool) {
		if addr == "" {
			return
		}
		srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if tls {
				errs <- srv.ListenAndServeTLS(*cert, *key)
			} else {
				errs <- srv.ListenAndServe()
			}
		}()
	}
	serve(*rl, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/manifests/") {
			w.Header().Set("ratelimit-limit", *limit)
			w.Header().Set("ratelimit-remaining", *remaining)
			w.Header().Set("docker-ratelimit-source", "127.0.0.1")
			if r.Method == http.MethodGet {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				fmt.Fprint(w, rateLimitBody)
				return
			}
		}
		rp.ServeHTTP(w, r)
	}), false)
	serve(*tlsAddr, rp, true)
	serve(*plain, rp, false)
	log.Printf("pullkey-util proxies in front of %s: ratelimit %q, tls %q, plain %q", *upstream, *rl, *tlsAddr, *plain)
	return <-errs
}
