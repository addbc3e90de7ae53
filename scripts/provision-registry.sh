#!/usr/bin/env bash
# Installs the OCI registry the registry tests start on loopback (Debian's docker-registry package,
# distribution v2). The tests run their own instances on free ports; the package's service is not used.
set -euo pipefail
command -v docker-registry >/dev/null 2>&1 && exit 0
echo "capstan: installing docker-registry from Debian's packages" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker-registry >/dev/null
# Where the package started its own service, stop it: nothing here needs it.
$SUDO systemctl disable --now docker-registry >/dev/null 2>&1 || true
