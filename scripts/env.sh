# Sourced by the other scripts: where the pinned tools live, on PATH first.
TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/patterns-live/tools}"
export TOOLS_DIR
export PATH="$TOOLS_DIR/bin:$HOME/.cargo/bin:$PATH"
