// Command etcd is the etcd server (go.etcd.io/etcd/server/v3 etcdmain), built
// here so the test control plane needs no release download.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
