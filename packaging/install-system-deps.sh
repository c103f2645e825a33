#!/usr/bin/env bash
# Debian packages Qt (PySide6) needs to run, even offscreen, and fonts so text renders.
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libglib2.0-0 libxcb-cursor0 fonts-dejavu-core)
missing=()
if ! command -v dpkg >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian-like system; install Qt's runtime libraries yourself" >&2
  exit 0
fi
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-system-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
