#!/usr/bin/env bash
# The schema and every shipped query on older ClickHouse engines (docs/schema.md, "Compatibility
# with ClickHouse 23.8"): chdb 1.0.2 is ClickHouse 23.10 with the old analyzer, 23.8's default.
# chdb 0.15.0 (23.6) can be named too, but its local mode cannot CREATE OR REPLACE (see the doc).
# Each old chdb gets its own venv in ~/.cache/chorus (kept: the next run is quick).
#   deploy/check-old-clickhouse.sh                 # 1.0.2
#   deploy/check-old-clickhouse.sh 0.15.0 1.0.2    # several
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "run 'make setup' first" >&2; exit 2; }
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.0.2)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python -P deploy/old_clickhouse_check.py export "$work"
status=0
for version in "${versions[@]}"; do
    venv="${CHORUS_CACHE_DIR:-$HOME/.cache/chorus}/old-chdb-$version"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import chdb' 2>/dev/null; then
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "chdb==$version"
    fi
    echo "== chdb $version"
    "$venv/bin/python" -P deploy/old_clickhouse_check.py run "$work" || status=1
done
exit $status
