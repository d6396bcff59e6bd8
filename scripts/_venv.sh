# Shared by workshop.sh, test.sh and bench.sh: find Python >= 3.11, create .venv, install.
# Usage: . scripts/_venv.sh EXTRAS   (EXTRAS: "" for the workshop, "test" for the test suite)
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"

pick_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [[ -n "$candidate" ]] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "swot needs Python 3.11 or newer (python3 --version says: $(python3 --version 2>&1))." >&2
    echo "Install it, e.g. 'apt-get install python3 python3-venv', and run this again." >&2
    return 1
}

if [[ ! -x "$repo/.venv/bin/python" ]]; then
    py="$(pick_python)"
    echo "==> creating $repo/.venv with $py" >&2
    "$py" -m venv "$repo/.venv" || {
        echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv" >&2
        exit 1
    }
fi
# shellcheck disable=SC1091
. "$repo/.venv/bin/activate"
spec="$repo"
[[ -n "$extras" ]] && spec="$repo[$extras]"
# Reinstall only when pyproject.toml changed since the last install.
stamp="$repo/.venv/.swot-installed-$extras"
if [[ ! -f "$stamp" || "$repo/pyproject.toml" -nt "$stamp" ]]; then
    echo "==> installing swot${extras:+ [$extras]} into .venv" >&2
    python -m pip install --quiet --upgrade pip
    python -m pip install --quiet -e "$spec"
    touch "$stamp"
fi
