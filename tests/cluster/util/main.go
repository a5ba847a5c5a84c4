// Command pullkey-util is the test cluster's toolbox, so that up.ts needs
// neither openssl nor apache2-utils:
//
//	pullkey-util pki DIR                      CA, serving cert, SA keys, token-signing cert
//	pullkey-util htpasswd FILE user:pass...   bcrypt htpasswd file (distribution accepts bcrypt only)
//	pullkey-util seed --registry HOST:PORT [--user U --password P] [--ca FILE] [--oci] REPO:TAG...
//	                                          pushes small images over the v2 HTTP API
//	pullkey-util freeports N                  prints N free loopback TCP ports
package main

import (
	"archive/tar"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"golang.org/x/crypto/bcrypt"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "pki":
		if len(os.Args) != 3 {
			usage()
		}
		err = pki(os.Args[2])
	case "htpasswd":
		if len(os.Args) < 4 {
			usage()
		}
		err = htpasswd(os.Args[2], os.Args[3:])
	case "seed":
		err = seed(os.Args[2:])
	case "laptop-pki":
		if len(os.Args) < 3 {
			usage()
		}
		err = laptopPKI(os.Args[2], os.Args[3:])
	case "seed-index":
		err = seedIndex(os.Args[2:])
	case "proxies":
		err = proxies(os.Args[2:])
	case "freeports":
		err = freeports(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "pullkey-util %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: pullkey-util pki DIR | htpasswd FILE user:pass... | seed --registry HOST:PORT [--user U --password P] [--ca FILE] [--oci] REPO:TAG... | laptop-pki DIR NAME... | seed-index --registry HOST:PORT [--ca FILE] REPO:TAG OS/ARCH... | proxies --upstream URL [--ratelimit ADDR] [--tls ADDR --cert F --key F] [--plain ADDR] | freeports N")
	os.Exit(2)
}

// ---------------------------------------------------------------- pki

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode)
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

func pki(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	now := time.Now().Add(-time.Hour)
	// CA
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "pullkey-test-ca", Organization: []string{"PullKey tests"}},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	if err := writePEM(filepath.Join(dir, "ca.crt"), "CERTIFICATE", caDER, 0o644); err != nil {
		return err
	}
	// Serving certificate for every loopback server (apiservers, token registry, token server).
	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	srvTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    now,
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.0.0.1")},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "serving.crt"), "CERTIFICATE", srvDER, 0o644); err != nil {
		return err
	}
	srvKeyDER, _ := x509.MarshalECPrivateKey(srvKey)
	if err := writePEM(filepath.Join(dir, "serving.key"), "EC PRIVATE KEY", srvKeyDER, 0o600); err != nil {
		return err
	}
	// Service-account signing keys, one pair per cluster.
	for _, c := range []string{"alpha", "beta"} {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		der, _ := x509.MarshalECPrivateKey(k)
		if err := writePEM(filepath.Join(dir, "sa-"+c+".key"), "EC PRIVATE KEY", der, 0o600); err != nil {
			return err
		}
		pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		if err := writePEM(filepath.Join(dir, "sa-"+c+".pub"), "PUBLIC KEY", pub, 0o644); err != nil {
			return err
		}
	}
	// Registry token signer: RSA (RS256), signed by the CA, no extended key usage,
	// so distribution accepts it in the x5c chain against rootcertbundle=ca.crt.
	tKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	tTmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "pullkey-token-signer"},
		NotBefore:    now,
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	tDER, err := x509.CreateCertificate(rand.Reader, tTmpl, caCert, &tKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "token-signer.crt"), "CERTIFICATE", tDER, 0o644); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, "token-signer.key"), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(tKey), 0o600)
}

// ---------------------------------------------------------------- htpasswd

func htpasswd(file string, pairs []string) error {
	var b strings.Builder
	for _, p := range pairs {
		u, pw, ok := strings.Cut(p, ":")
		if !ok {
			return fmt.Errorf("%q is not user:password", p)
		}
		// MinCost keeps each registry request fast; it is still bcrypt ($2a$).
		h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s:%s\n", u, h)
	}
	return os.WriteFile(file, []byte(b.String()), 0o600)
}

// ---------------------------------------------------------------- freeports

func freeports(args []string) error {
	n := 1
	if len(args) > 0 {
		fmt.Sscan(args[0], &n)
	}
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		ls = append(ls, l)
		fmt.Println(l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return nil
}

// ---------------------------------------------------------------- seed

func transportWithCA(caFile string) (http.RoundTripper, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if caFile != "" {
		pemBytes, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemBytes) {
			return nil, fmt.Errorf("no certificate in %s", caFile)
		}
		t.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	return t, nil
}

// smallImage builds a one-layer linux/amd64 image whose single file names the
// reference, so every tag has its own digest.
func smallImage(ref string, oci bool) (v1.Image, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	body := []byte("hello from " + ref + "\n")
	hdr := &tar.Header{Name: "hello.txt", Mode: 0o644, Size: int64(len(body)), ModTime: time.Unix(1700000000, 0), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	tw.Write(body)
	tw.Close()
	raw := buf.Bytes()
	mt := types.DockerLayer
	if oci {
		mt = types.OCILayer
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }, tarball.WithMediaType(mt))
	if err != nil {
		return nil, err
	}
	base := empty.Image
	if oci {
		base = mutate.MediaType(base, types.OCIManifestSchema1)
		base = mutate.ConfigMediaType(base, types.OCIConfigJSON)
	}
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture = "amd64"
	cf.OS = "linux"
	cf.Created = v1.Time{Time: time.Unix(1700000000, 0).UTC()}
	cf.Config.Cmd = []string{"/hello"}
	cf.Config.Labels = map[string]string{"dev.pullkey.test": ref}
	return mutate.ConfigFile(img, cf)
}

func seed(args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	reg := fs.String("registry", "", "registry host:port")
	user := fs.String("user", "", "username (empty: anonymous)")
	pass := fs.String("password", "", "password")
	ca := fs.String("ca", "", "CA file to trust (TLS registries)")
	oci := fs.Bool("oci", false, "push OCI manifests instead of Docker schema2")
	fs.Parse(args)
	if *reg == "" || fs.NArg() == 0 {
		usage()
	}
	tr, err := transportWithCA(*ca)
	if err != nil {
		return err
	}
	auth := authn.Anonymous
	if *user != "" {
		auth = &authn.Basic{Username: *user, Password: *pass}
	}
	for _, r := range fs.Args() {
		ref, err := name.ParseReference(*reg + "/" + r)
		if err != nil {
			return err
		}
		img, err := smallImage(r, *oci)
		if err != nil {
			return err
		}
		if err := remote.Write(ref, img, remote.WithAuth(auth), remote.WithTransport(tr)); err != nil {
			return fmt.Errorf("push %s: %w", ref, err)
		}
		d, _ := img.Digest()
		fmt.Printf("%s@%s\n", ref, d)
	}
	return nil
}
