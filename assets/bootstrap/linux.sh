#!/bin/bash
# Kiln bootstrap for Linux: installs the Kiln installer agent, starts it, and runs the install script through it.
# Rendered by Kiln for launch {{LAUNCH_ID}}. Values in {{…}} are filled in by Kiln; everything else is fixed.
set -euo pipefail
umask 077

KILN_ROOT="${KILN_ROOT:-/opt/kiln}"
AGENT_BIND="${KILN_AGENT_BIND:-0.0.0.0}"
AGENT_PORT={{AGENT_PORT}}
AGENT_URL='{{AGENT_URL}}'
AGENT_SHA256='{{AGENT_SHA256}}'
TOKEN_SHA256='{{TOKEN_SHA256}}'
NODE_MIN_MAJOR=18

say() { echo "kiln-bootstrap: $*"; }
die() { echo "kiln-bootstrap: error: $*" >&2; exit 1; }

mkdir -p "$KILN_ROOT/bin" "$KILN_ROOT/etc" "$KILN_ROOT/data" "$KILN_ROOT/run" "$KILN_ROOT/install"

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e "process.exit(Number(process.versions.node.split('.')[0]) >= $NODE_MIN_MAJOR ? 0 : 1)"
}
if ! node_ok; then
  [ -n "${KILN_SANDBOX:-}" ] && die "Node.js >= $NODE_MIN_MAJOR is required on the sandbox host"
  say "installing Node.js from the distribution"
  if command -v dnf >/dev/null 2>&1; then dnf install -y nodejs >/dev/null
  elif command -v apt-get >/dev/null 2>&1; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
  fi
  node_ok || die "no Node.js >= $NODE_MIN_MAJOR available from the distribution"
fi

say "fetching the agent"
fetch() {
  if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 5 --retry-delay 2 -o "$2" "$1"
  else node -e "
    const [url, out] = process.argv.slice(1);
    const lib = url.startsWith('https:') ? require('https') : require('http');
    lib.get(url, (r) => { if (r.statusCode !== 200) { console.error('HTTP ' + r.statusCode); process.exit(1); }
      r.pipe(require('fs').createWriteStream(out)).on('finish', () => process.exit(0)); }).on('error', (e) => { console.error(e.message); process.exit(1); });
  " "$1" "$2"
  fi
}
AGENT_JS="$KILN_ROOT/bin/kiln-agent.cjs"
fetch "$AGENT_URL" "$AGENT_JS.part" || die "could not download the agent bundle"
echo "$AGENT_SHA256  $AGENT_JS.part" | sha256sum -c --quiet - || die "agent bundle checksum mismatch"
mv "$AGENT_JS.part" "$AGENT_JS"

# The agent's per-launch TLS identity; Kiln pins this certificate (umask 077 keeps the key private).
cat > "$KILN_ROOT/etc/agent-cert.pem" <<'KILN_TLS_CERT'
{{TLS_CERT_PEM}}
KILN_TLS_CERT
cat > "$KILN_ROOT/etc/agent-key.pem" <<'KILN_TLS_KEY'
{{TLS_KEY_PEM}}
KILN_TLS_KEY

CONFIG="$KILN_ROOT/etc/agent.json"
cat > "$CONFIG" <<KILN_CONFIG
{"bind": "$AGENT_BIND", "port": $AGENT_PORT, "tokenSha256": "$TOKEN_SHA256", "dataDir": "$KILN_ROOT/data",
 "tls": {"certFile": "$KILN_ROOT/etc/agent-cert.pem", "keyFile": "$KILN_ROOT/etc/agent-key.pem"}}
KILN_CONFIG

cat > "$KILN_ROOT/install/install.sh" <<'{{SCRIPT_DELIMITER}}'
{{INSTALL_SCRIPT}}
{{SCRIPT_DELIMITER}}

if [ -z "${KILN_SANDBOX:-}" ]; then
  if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
    firewall-cmd --add-port="$AGENT_PORT/tcp" >/dev/null
  elif command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
    ufw allow "$AGENT_PORT/tcp" >/dev/null
  fi
fi

say "starting the agent on $AGENT_BIND:$AGENT_PORT"
if [ -z "${KILN_SANDBOX:-}" ] && [ -d /run/systemd/system ]; then
  cat > /etc/systemd/system/kiln-agent.service <<KILN_UNIT
[Unit]
Description=Kiln installer agent
After=network-online.target

[Service]
ExecStart=$(command -v node) $AGENT_JS serve --config $CONFIG
Restart=always
RestartSec=1

[Install]
WantedBy=multi-user.target
KILN_UNIT
  systemctl daemon-reload
  systemctl enable --now kiln-agent.service
else
  nohup node "$AGENT_JS" serve --config "$CONFIG" >>"$KILN_ROOT/run/agent.log" 2>&1 &
  echo $! > "$KILN_ROOT/run/agent.pid"
fi

say "running the install script"
cd "$KILN_ROOT/install"
exec node "$AGENT_JS" run --config "$CONFIG" --name install -- /bin/bash "$KILN_ROOT/install/install.sh"
