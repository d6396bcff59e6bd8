#!/usr/bin/env bash
# Install swot and start the workshop: JupyterLab on notebooks/ with a demo workspace.
#
#   bash scripts/workshop.sh            # demo workspace in workspace/demo.swot (kept between runs)
#   SWOT_WORKSPACE=/path/x.swot bash scripts/workshop.sh   # your own workshop file
#   PORT=8899 bash scripts/workshop.sh
#   bash scripts/workshop.sh --app     # app mode: the notebooks as pages without code (Voila)
#   IP=0.0.0.0 bash scripts/workshop.sh --app   # reachable from the other computers in the room
set -euo pipefail
app=0
case "${1:-}" in
    --app) app=1 ;;
    "") ;;
    *)
        echo "usage: bash scripts/workshop.sh [--app]" >&2
        exit 2
        ;;
esac
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" ""
cd "$repo"

if [[ -z "${SWOT_WORKSPACE:-}" ]]; then
    mkdir -p "$repo/workspace"
    export SWOT_WORKSPACE="$repo/workspace/demo.swot"
fi
if [[ ! -f "$SWOT_WORKSPACE" ]]; then
    swot demo "$SWOT_WORKSPACE"
else
    echo "==> using the existing workspace $SWOT_WORKSPACE (delete it for a fresh demo)" >&2
fi

# No "get notified about Jupyter news?" pop-up in a workshop room (and no network needed).
settings="$repo/.venv/share/jupyter/lab/settings"
mkdir -p "$settings"
[[ -f "$settings/overrides.json" ]] || cat >"$settings/overrides.json" <<'JSON'
{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
JSON

port="${PORT:-$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
token="$(python -c 'import secrets; print(secrets.token_urlsafe(24))')"
ip="${IP:-127.0.0.1}"
host="$ip"
[[ "$ip" == "0.0.0.0" ]] && host="$(hostname -I 2>/dev/null | awk '{print $1}')" && host="${host:-127.0.0.1}"
root_flag=()
[[ "$(id -u)" == 0 ]] && root_flag=(--allow-root)
# The start page's app-mode links carry the token, so a participant's link opens at once.
export SWOT_APP_TOKEN="$token"

if [[ "$app" == 1 ]]; then
    url="http://$host:$port/voila/render/00_start.ipynb?token=$token"
    mode="Tryb aplikacji (bez kodu) / app mode (no code)"
else
    url="http://$host:$port/lab/tree/00_start.ipynb?token=$token"
    mode="JupyterLab"
fi
cat <<MSG

  Warsztaty swot / swot workshop — $mode
  Otwórz w przeglądarce / open in your browser:

      $url

  Przestrzeń robocza / workspace: $SWOT_WORKSPACE
  Zatrzymanie / stop: Ctrl+C

MSG
if [[ "$app" == 1 ]]; then
    exec voila "$repo/notebooks" --no-browser \
        --Voila.ip="$ip" --port="$port" --token="$token" \
        --VoilaConfiguration.show_tracebacks=False
fi
exec jupyter lab --no-browser "${root_flag[@]}" \
    --ip="$ip" --port="$port" --ServerApp.port_retries=0 \
    --IdentityProvider.token="$token" \
    --ServerApp.root_dir="$repo/notebooks" \
    --LabApp.default_url="/lab/tree/00_start.ipynb" \
    --LabApp.news_url=None \
    --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
