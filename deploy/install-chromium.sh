#!/bin/sh
# Install Debian's chromium for the report's headless-browser test (tests/integration/test_report.py).
#
# Idempotent: returns at once when /usr/bin/chromium exists. Everything comes from Debian's
# packages (no browser download of its own); installed, /usr/lib/chromium takes ~350 MB.
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

# (env: sudo drops DEBIAN_FRONTEND from the environment)
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium >/dev/null

[ -x /usr/bin/chromium ]
