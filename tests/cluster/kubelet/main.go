package main

import (
	_ "github.com/google/go-containerregistry/pkg/v1/remote"
	_ "k8s.io/client-go/kubernetes"
	_ "k8s.io/kubernetes/pkg/credentialprovider"
)

func main() {}
