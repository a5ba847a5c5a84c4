// Command pullkey-tokenserver is the Docker registry v2 token server of the
// "token" test registry (like Docker Hub's auth.docker.io or Quay's):
//
//	GET  /token?service=S&scope=repository:team/hello:pull[&scope=...]   (Basic auth or anonymous)
//	POST /token  grant_type=password&username=U&password=P&scope=...&service=S (containerd's OAuth form)
//
// It answers {"token","access_token","expires_in","issued_at"} with an RS256 JWT
// whose header carries the signing certificate in x5c, aud = service, and an
// "access" claim that grants each requested action only where the user's grants
// (users file) allow it. Wrong password: 401 {"details":"incorrect username or password"}.
//
// Users file (JSON):
//
//	{"users":[{"username":"alice","password":"...","grants":[{"repo":"team/*","actions":["pull","push"]}]}],
//	 "anonymous":[{"repo":"public/*","actions":["pull"]}]}
package main

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

type grant struct {
	Repo    string   `json:"repo"` // path.Match pattern, e.g. "team/*"; "*" alone = every repository
	Actions []string `json:"actions"`
}

type user struct {
	Username string  `json:"username"`
	Password string  `json:"password"`
	Grants   []grant `json:"grants"`
}

type usersFile struct {
	Users     []user  `json:"users"`
	Anonymous []grant `json:"anonymous"`
}

type access struct {
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Actions []string `json:"actions"`
}

type server struct {
	service, issuer string
	key             *rsa.PrivateKey
	x5c             []string
	users           usersFile
	ttl             time.Duration
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "listen address")
	tlsCert := flag.String("tls-cert", "", "serving certificate (PEM)")
	tlsKey := flag.String("tls-key", "", "serving key (PEM)")
	signCert := flag.String("signer-cert", "", "token signing certificate (PEM), sent in x5c")
	signKey := flag.String("signer-key", "", "token signing RSA key (PEM)")
	service := flag.String("service", "pullkey-token-registry", "service name (aud)")
	issuer := flag.String("issuer", "pullkey-token-server", "issuer (iss)")
	usersPath := flag.String("users", "", "users file (JSON)")
	flag.Parse()

	s := &server{service: *service, issuer: *issuer, ttl: 5 * time.Minute}
	kb, err := os.ReadFile(*signKey)
	must(err)
	kp, _ := pem.Decode(kb)
	if kp == nil {
		log.Fatal("no PEM in signer key")
	}
	s.key, err = x509.ParsePKCS1PrivateKey(kp.Bytes)
	must(err)
	cb, err := os.ReadFile(*signCert)
	must(err)
	for rest := cb; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		s.x5c = append(s.x5c, base64.StdEncoding.EncodeToString(b.Bytes))
	}
	ub, err := os.ReadFile(*usersPath)
	must(err)
	must(json.Unmarshal(ub, &s.users))

	http.HandleFunc("/token", s.token)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	log.Printf("pullkey-tokenserver listening on %s (service %s)", *listen, *service)
	if *tlsCert != "" {
		log.Fatal(http.ListenAndServeTLS(*listen, *tlsCert, *tlsKey, nil))
	}
	log.Fatal(http.ListenAndServe(*listen, nil))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func (s *server) authenticate(username, password string) (*user, bool) {
	for i := range s.users.Users {
		u := &s.users.Users[i]
		if u.Username == username && subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) == 1 {
			return u, true
		}
	}
	return nil, false
}

func (s *server) token(w http.ResponseWriter, r *http.Request) {
	var username, password string
	var hasCreds bool
	var scopes []string
	service := ""
	switch r.Method {
	case http.MethodGet:
		username, password, hasCreds = r.BasicAuth()
		scopes = r.URL.Query()["scope"]
		service = r.URL.Query().Get("service")
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if gt := r.PostForm.Get("grant_type"); gt != "password" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "only grant_type=password is supported"})
			return
		}
		username, password, hasCreds = r.PostForm.Get("username"), r.PostForm.Get("password"), true
		for _, sc := range r.PostForm["scope"] {
			scopes = append(scopes, strings.Fields(sc)...)
		}
		service = r.PostForm.Get("service")
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if service != "" && service != s.service {
		writeJSON(w, http.StatusBadRequest, map[string]string{"details": "unknown service " + service})
		return
	}
	var grants []grant
	subject := ""
	if hasCreds {
		u, ok := s.authenticate(username, password)
		if !ok {
			log.Printf("401 for %q", username)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"details": "incorrect username or password"})
			return
		}
		grants, subject = u.Grants, u.Username
	} else {
		grants = s.users.Anonymous
	}
	var acc []access
	for _, sc := range scopes {
		parts := strings.Split(sc, ":")
		if len(parts) < 3 {
			continue
		}
		typ, nm, acts := parts[0], strings.Join(parts[1:len(parts)-1], ":"), strings.Split(parts[len(parts)-1], ",")
		granted := []string{}
		if typ == "repository" {
			for _, a := range acts {
				if allowed(grants, nm, a) {
					granted = append(granted, a)
				}
			}
		} else if typ == "registry" && nm == "catalog" && allowed(grants, "*", "*") {
			granted = []string{"*"}
		}
		acc = append(acc, access{Type: typ, Name: nm, Actions: granted})
	}
	if acc == nil {
		acc = []access{}
	}
	now := time.Now()
	claims := map[string]any{
		"iss":    s.issuer,
		"sub":    subject,
		"aud":    s.service,
		"exp":    now.Add(s.ttl).Unix(),
		"nbf":    now.Add(-30 * time.Second).Unix(),
		"iat":    now.Unix(),
		"jti":    randomID(),
		"access": acc,
	}
	tok, err := s.sign(claims)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	log.Printf("token for %q: %v", subject, acc)
	writeJSON(w, http.StatusOK, map[string]any{
		"token":        tok,
		"access_token": tok,
		"expires_in":   int(s.ttl.Seconds()),
		"issued_at":    now.UTC().Format(time.RFC3339),
	})
}

func allowed(grants []grant, repo, action string) bool {
	for _, g := range grants {
		ok := g.Repo == "*" || g.Repo == repo
		if !ok {
			ok, _ = path.Match(g.Repo, repo)
		}
		if !ok {
			continue
		}
		for _, a := range g.Actions {
			if a == action || a == "*" {
				return true
			}
		}
	}
	return false
}

func (s *server) sign(claims map[string]any) (string, error) {
	hdr := map[string]any{"typ": "JWT", "alg": "RS256", "x5c": s.x5c}
	hb, _ := json.Marshal(hdr)
	cb, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(hb) + "." + enc.EncodeToString(cb)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return input + "." + enc.EncodeToString(sig), nil
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
