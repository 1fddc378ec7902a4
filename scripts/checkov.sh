#!/usr/bin/env bash
# checkov on terraform/, from its own tool venv: checkov pins many libraries of its own that would
# fight the project's, so it never goes into .venv. Created once; pass extra checkov flags as args.
# Exit status is checkov's: non-zero when any check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKOV_VERSION="3.3.30"
TOOL_VENV=".venv-tools/checkov"
STAMP="$TOOL_VENV/.installed-$CHECKOV_VERSION"
if [ ! -f "$STAMP" ]; then
    python3 -m venv "$TOOL_VENV"
    "$TOOL_VENV/bin/python" -m pip install --quiet --upgrade pip
    "$TOOL_VENV/bin/python" -m pip install --quiet "checkov==$CHECKOV_VERSION"
    touch "$STAMP"
fi
exec "$TOOL_VENV/bin/checkov" --framework terraform --quiet --compact --skip-download -d terraform "$@"
