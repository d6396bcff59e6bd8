#!/usr/bin/env bash
# Run the benchmarks (not part of the test suite; numbers are medians of several runs).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "test"
cd "$repo"
python benchmarks/run.py "$@"
