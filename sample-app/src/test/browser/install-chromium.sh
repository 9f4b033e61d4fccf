#!/usr/bin/env bash
# Installs Debian's headless Chromium and its chromedriver, which the dashboard's browser test drives.
# Run by the build (profile install-chromium) when /usr/bin/chromedriver is missing. Installs with
# apt-get when running as root on Debian or Ubuntu; otherwise fails, saying what to install.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "install-chromium: /usr/bin/chromium and /usr/bin/chromedriver are installed"
  exit 0
fi

need="the browser test needs /usr/bin/chromium and /usr/bin/chromedriver"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-chromium: $need; run as root: apt-get update && apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $need, and this is not a Debian-based system (no apt-get):" \
    "install Chromium and a matching chromedriver at those paths" >&2
  exit 1
fi

echo "install-chromium: installing chromium and chromium-driver with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium chromium-driver

for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  if [[ ! -x "$tool" ]]; then
    echo "install-chromium: apt-get finished but $tool is missing" >&2
    exit 1
  fi
done
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/chromedriver --version)"
