#!/usr/bin/env bash
# Installs Debian's prometheus package, which provides promtool (the build checks and unit-tests
# monitoring/prometheus/rusm-rules.yml with it) and the Prometheus server (a test scrapes the running
# sample app with it). Run by the build (profile install-prometheus) when /usr/bin/promtool is missing.
# Installs with apt-get when running as root on Debian or Ubuntu; otherwise fails, saying what to
# install. On a host with systemd the package also enables and starts a prometheus service; the build
# needs only the two binaries.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  echo "install-prometheus: $(command -v promtool) and $(command -v prometheus) are installed"
  exit 0
fi

need="the build needs promtool and prometheus (Prometheus 2.x)"
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-prometheus: $need; run as root: apt-get update && apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prometheus: $need, and this is not a Debian-based system (no apt-get):" \
    "install Prometheus and put promtool and prometheus on the PATH" >&2
  exit 1
fi

echo "install-prometheus: installing prometheus with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends prometheus

for tool in /usr/bin/promtool /usr/bin/prometheus; do
  if [[ ! -x "$tool" ]]; then
    echo "install-prometheus: apt-get finished but $tool is missing" >&2
    exit 1
  fi
done
echo "install-prometheus: $(/usr/bin/promtool --version 2>&1 | head -n 1)"
