package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	dockerref "github.com/distribution/reference"
	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	ggcrv1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"k8s.io/kubernetes/pkg/credentialprovider"
)

// pulled is one image in the simulated image store.
type pulled struct {
	imageID   string // repo@sha256:<manifest digest>, what containerStatus.imageID shows
	configID  string // sha256:<config digest>, the CRI image ref
	size      int64
	anonymous bool            // pulled without credentials: accessible to every pod
	credHash  map[string]bool // AuthConfigHash of credentials that pulled it
}

type puller struct {
	transport http.RoundTripper
	platform  ggcrv1.Platform
}

// netOptions is what the node's resolver knows: extra /etc/hosts entries and
// names its DNS does not resolve (a name only the laptop's VPN/DNS knows).
type netOptions struct {
	hosts        map[string]string // name -> IP
	unresolvable map[string]bool
}

// nodeResolver is the DNS server named in lookup errors, like a node whose
// /etc/resolv.conf points at systemd-resolved's stub.
const nodeResolver = "127.0.0.53:53"

func newPuller(pool *x509.CertPool) *puller {
	return newPullerFor(pool, ggcrv1.Platform{OS: "linux", Architecture: "amd64"}, netOptions{})
}

func newPullerFor(pool *x509.CertPool, platform ggcrv1.Platform, netOpts netOptions) *puller {
	t := http.DefaultTransport.(*http.Transport).Clone()
	if pool != nil {
		t.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	t.ResponseHeaderTimeout = 30 * time.Second
	if len(netOpts.hosts) > 0 || len(netOpts.unresolvable) > 0 {
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if netOpts.unresolvable[strings.ToLower(host)] {
				// Go's own error for an NXDOMAIN answer: "dial tcp: lookup <name> on <server>: no such host".
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{
					Err: "no such host", Name: host, Server: nodeResolver, IsNotFound: true,
				}}
			}
			if ip, ok := netOpts.hosts[strings.ToLower(host)]; ok {
				addr = net.JoinHostPort(ip, port)
			}
			return dialer.DialContext(ctx, network, addr)
		}
	}
	return &puller{transport: t, platform: platform}
}

type pullResult struct {
	img      pulled
	duration time.Duration
	creds    *credentialprovider.TrackedAuthConfig
}

// pull is kuberuntime_image.go PullImage: without credentials one anonymous
// pull; otherwise every matching credential in order until one succeeds, the
// errors aggregated like utilerrors.NewAggregate.
func (p *puller) pull(ctx context.Context, image string, creds []credentialprovider.TrackedAuthConfig) (pullResult, error) {
	start := time.Now()
	if len(creds) == 0 {
		img, err := p.pullOnce(ctx, image, nil)
		img.anonymous = err == nil
		return pullResult{img: img, duration: time.Since(start)}, err
	}
	var errs []error
	for i := range creds {
		c := creds[i]
		img, err := p.pullOnce(ctx, image, &c.AuthConfig)
		if err == nil {
			img.credHash = map[string]bool{c.AuthConfigHash: true}
			return pullResult{img: img, duration: time.Since(start), creds: &c}, nil
		}
		errs = append(errs, err)
	}
	return pullResult{duration: time.Since(start)}, aggregate(errs)
}

// aggregate formats like k8s.io/apimachinery/pkg/util/errors.NewAggregate.
func aggregate(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return errors.New("[" + strings.Join(msgs, ", ") + "]")
}

// pullOnce is one CRI PullImage on containerd: resolve the reference, fetch
// manifest, config and layers, verify digests. Errors are worded the way
// containerd 2.x words them, wrapped in a gRPC status like the CRI client does.
func (p *puller) pullOnce(ctx context.Context, image string, auth *credentialprovider.AuthConfig) (pulled, error) {
	// containerd normalizes the reference (docker.io/library/...).
	full := image
	if n, err := dockerref.ParseDockerRef(image); err == nil {
		full = n.String()
	}
	fail := func(code codes.Code, desc string) error {
		return status.Error(code, fmt.Sprintf("failed to pull and unpack image %q: %s", full, desc))
	}
	ref, err := name.ParseReference(image)
	if err != nil {
		return pulled{}, fail(codes.Unknown, fmt.Sprintf("failed to resolve reference %q: %v", full, err))
	}
	reg := ref.Context().Registry
	a := authn.Anonymous
	if auth != nil {
		a = authn.FromConfig(authn.AuthConfig{
			Username: auth.Username, Password: auth.Password, Auth: auth.Auth,
			IdentityToken: auth.IdentityToken, RegistryToken: auth.RegistryToken,
		})
	}
	scheme, challenge, perr := p.ping(ctx, reg)
	manifestURL := fmt.Sprintf("%s://%s/v2/%s/manifests/%s", scheme, reg.RegistryStr(), ref.Context().RepositoryStr(), ref.Identifier())
	resolveErr := func(desc string) error {
		return fail(codes.Unknown, fmt.Sprintf("failed to resolve reference %q: %s", full, desc))
	}
	if perr != nil {
		return pulled{}, resolveErr(fmt.Sprintf("failed to do request: Head %q: %s", manifestURL, netErrText(perr)))
	}
	opts := []remote.Option{
		remote.WithContext(ctx),
		remote.WithAuth(a),
		remote.WithTransport(p.transport),
		remote.WithPlatform(p.platform),
		remote.WithUserAgent("containerd/pullkey-sim"),
		// containerd does not retry a 429 (ggcr does by default)
		remote.WithRetryStatusCodes(http.StatusRequestTimeout, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout),
	}
	desc, err := remote.Get(ref, opts...)
	if err != nil {
		return pulled{}, p.mapErr(err, full, manifestURL, challenge, fail, resolveErr)
	}
	img, err := desc.Image()
	if err != nil {
		return pulled{}, p.mapErr(err, full, manifestURL, challenge, fail, resolveErr)
	}
	m, err := img.Manifest()
	if err != nil {
		return pulled{}, fail(codes.Unknown, err.Error())
	}
	rawManifest, _ := img.RawManifest()
	size := int64(len(rawManifest)) + m.Config.Size
	cfgFile, err := img.ConfigFile()
	if err != nil {
		return pulled{}, p.mapErr(err, full, manifestURL, challenge, fail, resolveErr)
	}
	// containerd (core/images/image.go Manifest) also matches a single manifest's config
	// platform against the node's: an amd64-only image fails on an arm64 node the same way.
	if cfgFile.OS != "" && (cfgFile.OS != p.platform.OS || cfgFile.Architecture != p.platform.Architecture) {
		return pulled{}, platformErr(fail)
	}
	layers, err := img.Layers()
	if err != nil {
		return pulled{}, fail(codes.Unknown, err.Error())
	}
	for _, l := range layers {
		rc, err := l.Compressed() // verifies the digest while reading
		if err != nil {
			return pulled{}, p.mapErr(err, full, manifestURL, challenge, fail, resolveErr)
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return pulled{}, fail(codes.Unknown, fmt.Sprintf("failed to copy: %v", err))
		}
		size += n
	}
	dg, _ := img.Digest()
	cfg, _ := img.ConfigName()
	return pulled{
		imageID:  ref.Context().Name() + "@" + dg.String(),
		configID: cfg.String(),
		size:     size,
	}, nil
}

// ping does GET /v2/ (https first, then http for localhost like containerd's
// and ggcr's insecure-localhost rule) and returns the scheme and the
// WWW-Authenticate scheme ("basic", "bearer" or "").
func (p *puller) ping(ctx context.Context, reg name.Registry) (string, string, error) {
	schemes := []string{"https"}
	if reg.Scheme() == "http" {
		schemes = append(schemes, "http")
	}
	var firstErr error
	for _, s := range schemes {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s+"://"+reg.RegistryStr()+"/v2/", nil)
		c := &http.Client{Transport: p.transport, Timeout: 15 * time.Second}
		resp, err := c.Do(req)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			// containerd falls back to plain http for localhost only when the
			// server answered in plain HTTP (remotes/docker HTTPFallback); a
			// certificate error is final.
			if !strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
				break
			}
			continue
		}
		resp.Body.Close()
		ch := strings.ToLower(resp.Header.Get("WWW-Authenticate"))
		switch {
		case strings.HasPrefix(ch, "bearer"):
			return s, "bearer", nil
		case strings.HasPrefix(ch, "basic"):
			return s, "basic", nil
		}
		return s, "", nil
	}
	return schemes[0], "", firstErr
}

// netErrText turns a Go client error into the text containerd prints after
// `failed to do request: Head "<url>": `.
func netErrText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return oe.Error()
	}
	return err.Error()
}

// platformErr is containerd's error when neither the index nor the manifest
// has the node's platform, as the kubelet shows it: "rpc error: code = NotFound
// desc = failed to pull and unpack image "<img>": no match for platform in
// manifest: not found" (containerd core/images/image.go, errdefs.ErrNotFound).
func platformErr(fail func(codes.Code, string) error) error {
	return fail(codes.NotFound, "no match for platform in manifest: not found")
}

// rateLimitErr is containerd's fetcher wording (core/remotes/docker/fetcher.go
// open: "unexpected status code %v: %s - Server message: %s", wrapped by
// httpReadSeeker and "failed to copy") for a GET the registry refused with
// 429, after the HEAD that resolved the digest succeeded (Docker Hub does not
// count HEADs against the limit).
func (p *puller) rateLimitErr(ctx context.Context, te *transport.Error, reqURL string, full string, fail func(codes.Code, string) error) error {
	u := reqURL
	if ref, err := name.ParseReference(full); err == nil {
		if d, err := remote.Head(ref, remote.WithContext(ctx), remote.WithTransport(p.transport)); err == nil && te.Request != nil {
			base := *te.Request.URL
			base.Path = base.Path[:strings.LastIndex(base.Path, "/")+1] + d.Digest.String()
			u = base.String()
		}
	}
	msgs := make([]string, 0, len(te.Errors))
	for _, d := range te.Errors {
		// errcode.Error.Error(): lower-cased code, ": ", message
		msgs = append(msgs, strings.ToLower(string(d.Code))+": "+d.Message)
	}
	status := fmt.Sprintf("%d %s", te.StatusCode, http.StatusText(te.StatusCode))
	if len(msgs) == 0 {
		return fail(codes.Unknown, fmt.Sprintf("failed to copy: httpReadSeeker: failed open: unexpected status code %s: %s", u, status))
	}
	return fail(codes.Unknown, fmt.Sprintf("failed to copy: httpReadSeeker: failed open: unexpected status code %s: %s - Server message: %s", u, status, strings.Join(msgs, ", ")))
}

func (p *puller) mapErr(err error, full, manifestURL, challenge string, fail func(codes.Code, string) error, resolveErr func(string) error) error {
	if strings.Contains(err.Error(), "no child with platform") {
		return platformErr(fail)
	}
	var te *transport.Error
	if errors.As(err, &te) {
		reqURL := ""
		if te.Request != nil {
			reqURL = te.Request.URL.String()
		}
		isManifest := strings.Contains(reqURL, "/manifests/") || reqURL == ""
		switch {
		case te.StatusCode == http.StatusTooManyRequests:
			return p.rateLimitErr(context.Background(), te, reqURL, full, fail)
		case te.Request != nil && !strings.Contains(te.Request.URL.Path, "/v2/"):
			// the token endpoint refused: containerd's oauth fetch wording
			return resolveErr(fmt.Sprintf("failed to authorize: failed to fetch oauth token: unexpected status from GET request to %s: %d %s",
				reqURL, te.StatusCode, http.StatusText(te.StatusCode)))
		case te.StatusCode == http.StatusNotFound && isManifest:
			return fail(codes.NotFound, fmt.Sprintf("failed to resolve reference %q: %s: not found", full, full))
		case (te.StatusCode == http.StatusUnauthorized || te.StatusCode == http.StatusForbidden) && challenge == "bearer":
			return resolveErr("pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed")
		case isManifest:
			return resolveErr(fmt.Sprintf("unexpected status from HEAD request to %s: %d %s", manifestURL, te.StatusCode, http.StatusText(te.StatusCode)))
		default:
			return fail(codes.Unknown, fmt.Sprintf("failed to copy: httpReadSeeker: failed open: unexpected status code %s: %d %s", reqURL, te.StatusCode, http.StatusText(te.StatusCode)))
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return resolveErr(fmt.Sprintf("failed to do request: Head %q: %s", manifestURL, netErrText(err)))
	}
	return fail(codes.Unknown, err.Error())
}
