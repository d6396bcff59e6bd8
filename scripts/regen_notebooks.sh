#!/usr/bin/env bash
# Regenerate the stored outputs of notebooks/*.ipynb reproducibly (recipe: TESTING.md).
#
# Usage: scripts/regen_notebooks.sh [NOTEBOOK.ipynb ...]     (default: every notebook)
#
# Like the nbval run in pytest (root conftest.py), the notebooks run in name order against ONE
# freshly built demo workspace, with SWOT_LANG=pl and fresh Jupyter/IPython dirs, so a stray user
# kernelspec or startup file cannot change the outputs. Python: $PYTHON, else the active venv,
# else the repository's .venv. Works from any directory.
set -euo pipefail
export LC_ALL=C  # stable glob order

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ -n "${PYTHON:-}" ]]; then
    python="$PYTHON"
elif [[ -n "${VIRTUAL_ENV:-}" ]]; then
    python="$VIRTUAL_ENV/bin/python"
elif [[ -x "$repo/.venv/bin/python" ]]; then
    python="$repo/.venv/bin/python"
else
    python="python3"
fi

if (($# > 0)); then
    notebooks=()
    for nb in "$@"; do notebooks+=("$(cd "$(dirname "$nb")" && pwd)/$(basename "$nb")"); done
else
    notebooks=("$repo"/notebooks/*.ipynb)
    [[ -e "${notebooks[0]}" ]] || { echo "no notebooks in $repo/notebooks" >&2; exit 1; }
fi

# Prefix "swot-ws-" and file name "demo.swot" match conftest.py and tests/nbval_sanitize.cfg.
work="$(mktemp -d "${TMPDIR:-/tmp}/swot-ws-XXXXXXXX")"
trap 'rm -rf "$work"' EXIT
workspace="$work/demo.swot"
mkdir -p "$work/jupyter-config" "$work/jupyter-data" "$work/jupyter-runtime" "$work/ipython"

export SWOT_WORKSPACE="$workspace" SWOT_LANG=pl
export JUPYTER_CONFIG_DIR="$work/jupyter-config" JUPYTER_DATA_DIR="$work/jupyter-data"
export JUPYTER_RUNTIME_DIR="$work/jupyter-runtime" IPYTHONDIR="$work/ipython"
export JUPYTER_PLATFORM_DIRS=1
unset JUPYTER_PATH JUPYTER_CONFIG_PATH

"$python" -c 'import sys, pathlib; from swot.demo import build_demo; build_demo(pathlib.Path(sys.argv[1]))' "$workspace"

# nbval runs every notebook in name order on ONE workspace, so a notebook's outputs depend on
# what the notebooks before it wrote. When only some notebooks are regenerated, the earlier
# ones still run first (on throwaway copies, their files untouched), so the workspace is in
# the state nbval will see.
wanted=" ${notebooks[*]} "
last="${notebooks[${#notebooks[@]}-1]}"
sequence=("${notebooks[@]}")
if [[ "$(dirname "$last")" == "$repo/notebooks" ]]; then
    sequence=()
    for nb in "$repo"/notebooks/*.ipynb; do
        sequence+=("$nb")
        [[ "$nb" == "$last" ]] && break
    done
fi

cd "$repo/notebooks"  # notebooks run with their own folder as cwd, as in JupyterLab
run=(--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=600
    --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False)
for nb in "${sequence[@]}"; do
    if [[ "$wanted" != *" $nb "* ]]; then
        echo "running ${nb#"$repo"/} first (outputs not kept)" >&2
        "$python" -m jupyter nbconvert --to notebook --execute "${run[@]}" \
            --output-dir "$work" --output throwaway.ipynb "$nb"
        continue
    fi
    echo "regenerating ${nb#"$repo"/}" >&2
    "$python" -m jupyter nbconvert --to notebook --execute --inplace "${run[@]}" "$nb"
    "$python" -m nbstripout --keep-output --keep-count --keep-id \
        --extra-keys "metadata.widgets cell.metadata.execution" "$nb"
done
