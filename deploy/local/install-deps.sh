#!/usr/bin/env bash
# Installs what the platform needs from Debian (and, with --test, from PyPI) when it is missing.
# Safe to run again: it only acts on what is absent.
set -euo pipefail

# libpango1.0-dev, libcairo2-dev, fonts-noto-cjk: the Documents library's PDFs in Chinese (the font is
# embedded from here); libqrencode-dev: its QR codes.
packages=(openssl zlib1g-dev libzmq3-dev libsqlite3-dev pkg-config libxlsxwriter-dev libpango1.0-dev libcairo2-dev libqrencode-dev fonts-noto-cjk)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # The cross-language wire test speaks to the broker from Python, as WIRE.md promises anyone can.
  python3 -c "import zmq, pytest" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check pyzmq pytest
  # The gateway's OpenAPI document is checked against the running gateway by schemathesis.
  python3 -c "import schemathesis" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "schemathesis>=4,<5"
  # The portal's browser tests: Debian's Chromium and its driver (Selenium is pointed at
  # /usr/bin/chromedriver, so nothing is downloaded at run time) and a CJK font (else Chinese is boxes).
  browser=()
  # poppler-utils: the document tests read the PDFs back with pdftotext, pdffonts and pdfinfo;
  # zbar-tools: the meetings tests decode the check-in QR code with zbarimg; unzip: they read the ledger XLSX;
  # systemd: the deployment tests check the units with systemd-analyze (nothing is started);
  # prometheus: its promtool checks the alert rules and the dashboard's queries; iproute2: the
  # multi-host test's network namespaces.
  for package in chromium chromium-driver fonts-wqy-zenhei poppler-utils zbar-tools unzip systemd prometheus iproute2; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || browser+=("$package")
  done
  if ((${#browser[@]})); then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: ${browser[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${browser[@]}" >/dev/null
  fi
  python3 -c "import selenium, xdist" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check selenium pytest-xdist
  # The Kubernetes manifests are validated offline against a pinned Kubernetes version's schemas.
  python3 -c "import kubernetes_validate" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "kubernetes-validate==1.37.0"
fi
