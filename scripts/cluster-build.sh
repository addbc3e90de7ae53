#!/usr/bin/env bash
# Builds the test cluster's binaries (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok) from the Go modules pinned under cluster/, into a cache keyed by their versions, so that a
# second run builds nothing. Prints the bin directory as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
K8S_VERSION=v1.33.13
ETCD_VERSION=v3.5.21
KWOK_VERSION=v0.7.0
bin="$CAPSTAN_CACHE/cluster/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
build() { # output package module-dir ldflags
  local out=$1 pkg=$2 dir=$3 ldflags=$4
  [ -x "$bin/$out" ] && return 0
  echo "capstan: building $out ($pkg)" >&2
  (cd "cluster/$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$bin/$out.tmp" "$pkg")
  mv "$bin/$out.tmp" "$bin/$out"
}
stamp() { # go package path of the version variables, version
  local p=$1 v=$2 minor
  minor=$(echo "$v" | cut -d. -f2)
  echo "-X $p.gitVersion=$v -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=2025-01-01T00:00:00Z"
}
k8s_ldflags="$(stamp k8s.io/component-base/version "$K8S_VERSION") $(stamp k8s.io/client-go/pkg/version "$K8S_VERSION")"
build etcd go.etcd.io/etcd/server/v3 etcd ""
build kwok sigs.k8s.io/kwok/cmd/kwok kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
  build "$cmd" "k8s.io/kubernetes/cmd/$cmd" kubernetes "$k8s_ldflags"
done
echo "$bin"
