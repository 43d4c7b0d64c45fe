#!/usr/bin/env bash
# Installs the systemd units: the broker, one templated unit per service (dangjian-dues@.service:
# `systemctl start dangjian-dues@2` starts a second instance), the shared drop-in with the
# hardening, dangjian.target, and example environment files in /etc/dangjian (never overwritten).
#
#   deploy/systemd/install.sh [--bin-dir /opt/dangjian/bin] [--unit-dir /etc/systemd/system]
#                             [--etc-dir /etc/dangjian] [--no-user]
#
# Then: systemctl daemon-reload && systemctl enable --now dangjian.target
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin_dir=/opt/dangjian/bin unit_dir=/etc/systemd/system etc_dir=/etc/dangjian make_user=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bin-dir) bin_dir="$2"; shift 2 ;;
    --unit-dir) unit_dir="$2"; shift 2 ;;
    --etc-dir) etc_dir="$2"; shift 2 ;;
    --no-user) make_user=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ "$make_user" = 1 ] && ! id dangjian >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/dangjian --no-create-home --shell /usr/sbin/nologin dangjian
fi
mkdir -p "$unit_dir/dangjian-.service.d" "$etc_dir"
# The units name /opt/dangjian/bin and /etc/dangjian; another layout is substituted on the way in.
place() {
  sed -e "s#/opt/dangjian/bin#$bin_dir#g" -e "s#/etc/dangjian#$etc_dir#g" "$1" > "$2"
  chmod 0644 "$2"
}
for unit in "$here"/dangjian-*.service "$here"/dangjian.target; do place "$unit" "$unit_dir/$(basename "$unit")"; done
place "$here/dangjian-.service.d/10-dangjian.conf" "$unit_dir/dangjian-.service.d/10-dangjian.conf"
for env in "$here"/etc/*.env; do
  target="$etc_dir/$(basename "$env")"
  if [ ! -e "$target" ]; then
    cp "$env" "$target"
    chmod 0640 "$target"
    if [ "$make_user" = 1 ]; then chgrp dangjian "$target"; fi
  fi
done
echo "installed into $unit_dir (settings in $etc_dir); next: systemctl daemon-reload && systemctl enable --now dangjian.target"
