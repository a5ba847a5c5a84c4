// Command kubelet-oracle answers, with the kubelet's own code (k8s.io/kubernetes
// pkg/credentialprovider and pkg/util/parsers at the version in go.mod), what the kubelet does
// with a pod's pull secrets and image: it reads cases as JSON on stdin and writes the answers as
// JSON on stdout. tests/unit/core/dockerconfig/upstream/record-kubelet.sh uses it to regenerate the
// fixture PullKey's predictions are checked against.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/kubernetes/pkg/credentialprovider"
	credentialprovidersecrets "k8s.io/kubernetes/pkg/credentialprovider/secrets"
	"k8s.io/kubernetes/pkg/util/parsers"
)

type secretIn struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Key  string `json:"key"`
	Text string `json:"text"`
}

type caseIn struct {
	Name    string     `json:"name"`
	Image   string     `json:"image,omitempty"`
	Lookup  string     `json:"lookup,omitempty"`
	Secrets []secretIn `json:"secrets,omitempty"`
}

type cred struct {
	Source   string `json:"source"`
	Username string `json:"username"`
	Password string `json:"password"`
}

type answer struct {
	caseIn
	ImageError string `json:"imageError,omitempty"`
	Repo       string `json:"repo,omitempty"`
	Tag        string `json:"tag,omitempty"`
	Digest     string `json:"digest,omitempty"`
	Rejected   bool   `json:"rejected"`
	// Where the kubelet's decoding error points: json.SyntaxError.Offset, or the
	// base64.CorruptInputError byte plus one (so that byte 0 is not dropped by omitempty).
	SyntaxOffset int64  `json:"syntaxOffset,omitempty"`
	Base64Byte   int64  `json:"base64Byte,omitempty"`
	ErrorText    string `json:"errorText,omitempty"`
	Creds        []cred `json:"creds"`
}

func main() {
	// Source (the secret a credential came from) is only kept with this gate on.
	if err := utilfeature.DefaultMutableFeatureGate.Set("KubeletEnsureSecretPulledImages=true"); err != nil {
		panic(err)
	}
	var cases []caseIn
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	out := make([]answer, 0, len(cases))
	for _, c := range cases {
		a := answer{caseIn: c, Creds: []cred{}}
		lookup := c.Lookup
		if c.Image != "" {
			repo, tag, digest, err := parsers.ParseImageName(c.Image)
			if err != nil {
				a.ImageError = err.Error()
			} else {
				a.Repo, a.Tag, a.Digest = repo, tag, digest
				if lookup == "" {
					lookup = repo
				}
			}
		}
		secrets := make([]v1.Secret, 0, len(c.Secrets))
		for _, s := range c.Secrets {
			secrets = append(secrets, v1.Secret{
				ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: "ns", UID: types.UID("uid-" + s.Name)},
				Type:       v1.SecretType(s.Type),
				Data:       map[string][]byte{s.Key: []byte(s.Text)},
			})
		}
		if len(secrets) > 0 && lookup != "" {
			keyring, err := credentialprovidersecrets.MakeDockerKeyring(secrets, &credentialprovider.BasicDockerKeyring{})
			if err != nil {
				a.Rejected = true
				a.ErrorText = err.Error()
				var syntax *json.SyntaxError
				var corrupt base64.CorruptInputError
				if errors.As(err, &syntax) {
					a.SyntaxOffset = syntax.Offset
				} else if errors.As(err, &corrupt) {
					a.Base64Byte = int64(corrupt) + 1
				}
			} else {
				found, _ := keyring.Lookup(lookup)
				for _, f := range found {
					source := ""
					if f.Source != nil && f.Source.Secret != nil {
						source = f.Source.Secret.Name
					}
					a.Creds = append(a.Creds, cred{Source: source, Username: f.Username, Password: f.Password})
				}
			}
		}
		out = append(out, a)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
