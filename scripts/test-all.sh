#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, then runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/provision-helm.sh
bash scripts/provision-registry.sh
# The test control plane (etcd, kube-apiserver, controller manager, scheduler, kwok), built from Go
# modules into a cache keyed by version: 20-60 minutes on a fresh 2-core machine, under a second after.
nice bash scripts/cluster-build.sh >/dev/null
. scripts/env.sh
npm test
