#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, then runs `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/provision-helm.sh
bash scripts/provision-registry.sh
. scripts/env.sh
npm test
