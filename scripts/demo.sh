#!/usr/bin/env bash
# Capstan's main job on an embedded default: renders the bundled example chart as `helm template` does.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
. scripts/env.sh
exec bin/capstan template demo examples/hello --namespace demo "$@"
