#!/usr/bin/env bash
# Install everything (Debian chromium for browser tests included) and run the whole suite:
# ruff (lint + format), mypy on swot/, pytest (unit, reliability, nbval notebooks, browser).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ ! -x /usr/bin/chromium ]]; then
    echo "==> installing Debian chromium for the browser tests" >&2
    sudo_cmd=()
    [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

. "$repo/scripts/_venv.sh" "test"
cd "$repo"

echo "==> ruff" >&2
ruff check .
ruff format --check .
echo "==> mypy" >&2
mypy
echo "==> pytest" >&2
python -m pytest "$@"
