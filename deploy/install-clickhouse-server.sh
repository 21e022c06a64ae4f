#!/bin/sh
# Install Debian's clickhouse-server (18.16, 2018) for the driver backend's real-server tests.
#
# Idempotent: returns at once when `clickhouse-server` is already installed. A fresh install
# took ~8 s here (apt-get update, ~10 MB of packages, 28 packages with their libraries).
#
# The tests run their own private instance (tests/integration/clickhouse_server.py), so the
# package's system service must never run: its start is blocked during the install
# (policy-rc.d) and, should anything have started it anyway, it is stopped afterwards.
set -eu

# Debian installs it in /usr/sbin, which is not on a normal user's PATH.
if command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/sbin/clickhouse-server ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=
if [ ! -e "$POLICY" ]; then
    # invoke-rc.d / deb-systemd-invoke ask this file whether a maintainer script may start a
    # service; exit status 101 means "no".
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod 755 "$POLICY"
    ADDED_POLICY=1
fi
cleanup() {
    if [ -n "$ADDED_POLICY" ]; then
        $SUDO rm -f "$POLICY"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# (env: sudo drops DEBIAN_FRONTEND from the environment)
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends clickhouse-server clickhouse-client >/dev/null

# Belt and braces: leave the system service stopped and disabled.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now clickhouse-server >/dev/null 2>&1 || true
elif [ -x /etc/init.d/clickhouse-server ]; then
    $SUDO /etc/init.d/clickhouse-server stop >/dev/null 2>&1 || true
fi

[ -x /usr/sbin/clickhouse-server ] || command -v clickhouse-server >/dev/null
