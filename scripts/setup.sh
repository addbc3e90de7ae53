#!/usr/bin/env bash
# Installs what Capstan needs to run: Node >= 22, the npm dependencies, and the compiled CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
