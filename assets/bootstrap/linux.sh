#!/bin/bash
# Kiln bootstrap for Linux (AL2023, Ubuntu 22.04/24.04, Debian 12), launch {{LAUNCH_ID}}: agent, then install script.
set -euo pipefail
umask 077

KILN_ROOT="${KILN_ROOT:-/opt/kiln}"
AGENT_BIND="${KILN_AGENT_BIND:-0.0.0.0}"
SSH_HOST_KEY_DIR="${KILN_SSH_HOST_KEY_DIR:-/etc/ssh}"
AGENT_PORT={{AGENT_PORT}}
AGENT_URL='{{AGENT_URL}}'
AGENT_SHA256='{{AGENT_SHA256}}'
TOKEN_SHA256='{{TOKEN_SHA256}}'
NODE_TARBALL_URL='{{NODE_TARBALL_URL}}'
NODE_TARBALL_SHA256='{{NODE_TARBALL_SHA256}}'
# Set when the script is too large for user data (it is in the artifact bucket).
INSTALL_SCRIPT_URL='{{INSTALL_SCRIPT_URL}}'
INSTALL_SCRIPT_SHA256='{{INSTALL_SCRIPT_SHA256}}'
NODE_MIN_MAJOR=18

say() { echo "kiln-bootstrap: $*"; }
die() { echo "kiln-bootstrap: error: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

mkdir -p "$KILN_ROOT"/{bin,etc,data,run,install}

# Node.js >= 18: ours (an earlier boot's or the image's), else the distribution's, else the tarball.
export PATH="$KILN_ROOT/node/bin:$PATH"
node_ok() { hash -r; have node && node -e "process.exit(+process.versions.node.split('.')[0] >= $NODE_MIN_MAJOR ? 0 : 1)"; }
major_of() { sed -E 's/^[0-9]+://; s/[^0-9].*//'; }
install_node_tarball() {
  [ -n "$NODE_TARBALL_URL" ] || die "no Node.js >= $NODE_MIN_MAJOR from the distribution, and no Node.js tarball URL is set in Kiln"
  [[ "$NODE_TARBALL_SHA256" =~ ^[0-9a-f]{64}$ ]] || die "the Node.js tarball has no SHA-256 to check it against"
  case "$NODE_TARBALL_URL" in *.xz) have xz || die "xz is needed to unpack the Node.js tarball; install xz (xz-utils) in the AMI";; esac
  say "installing Node.js from $NODE_TARBALL_URL"
  local tarball="$KILN_ROOT/run/node.tar.part"
  if have curl; then curl -fsSL --retry 5 --retry-delay 2 -o "$tarball" "$NODE_TARBALL_URL"
  elif have wget; then wget -q --tries=5 -O "$tarball" "$NODE_TARBALL_URL"
  else die "neither curl nor wget is available to download Node.js"; fi || die "could not download the Node.js tarball"
  echo "$NODE_TARBALL_SHA256  $tarball" | sha256sum -c --quiet - || die "Node.js tarball checksum mismatch"
  rm -rf "$KILN_ROOT/node" && mkdir -p "$KILN_ROOT/node"
  tar -xf "$tarball" -C "$KILN_ROOT/node" --strip-components=1 --no-same-owner || die "could not unpack the Node.js tarball"
  rm -f "$tarball"
  node_ok || die "the Node.js from the tarball does not run here (wrong CPU architecture $(uname -m)?)"
}
if ! node_ok; then
  [ -n "${KILN_SANDBOX:-}" ] && die "Node.js >= $NODE_MIN_MAJOR is required on the sandbox host"
  if have dnf; then
    say "installing Node.js from the distribution (dnf)"
    dnf install -y -q nodejs >/dev/null || say "dnf could not install nodejs"
  elif have apt-get; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    candidate=$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ { print $2 }' | major_of || true)
    if [ "${candidate:-0}" -ge "$NODE_MIN_MAJOR" ] 2>/dev/null; then
      say "installing Node.js $candidate from the distribution (apt)"
      apt-get install -y -qq nodejs >/dev/null || say "apt-get could not install nodejs"
    fi
  fi
  node_ok || install_node_tarball
fi
NODE=$(command -v node)
say "using Node.js $("$NODE" --version) at $NODE"

fetch() {
  if have curl; then curl -fsSL --retry 5 --retry-delay 2 -o "$2" "$1"
  else "$NODE" -e "
    const [url, out] = process.argv.slice(1);
    const lib = require(url.startsWith('https:') ? 'https' : 'http');
    lib.get(url, (r) => { if (r.statusCode !== 200) { console.error('HTTP ' + r.statusCode); process.exit(1); }
      r.pipe(require('fs').createWriteStream(out)).on('finish', () => process.exit(0)); }).on('error', (e) => { console.error(e.message); process.exit(1); });
  " "$1" "$2"
  fi
}
AGENT_JS="$KILN_ROOT/bin/kiln-agent.cjs"
if echo "$AGENT_SHA256  $AGENT_JS" | sha256sum -c --quiet - &>/dev/null; then
  say "the agent from the image is current (sha256 $AGENT_SHA256); not downloading"
else
  say "fetching the agent"
  fetch "$AGENT_URL" "$AGENT_JS.part" || die "could not download the agent bundle"
  echo "$AGENT_SHA256  $AGENT_JS.part" | sha256sum -c --quiet - || die "agent bundle checksum mismatch"
  mv "$AGENT_JS.part" "$AGENT_JS"
fi

# Outside the sandbox: open the port, note systemd and cloud-init (for a seal).
UNIT='' RESET=none
if [ -z "${KILN_SANDBOX:-}" ]; then
  if have firewall-cmd && firewall-cmd --state >/dev/null 2>&1; then
    firewall-cmd --add-port="$AGENT_PORT/tcp" >/dev/null && firewall-cmd --permanent --add-port="$AGENT_PORT/tcp" >/dev/null
  elif have ufw && ufw status 2>/dev/null | grep -q '^Status: active'; then
    ufw allow "$AGENT_PORT/tcp" >/dev/null
  fi
  [ -d /run/systemd/system ] && UNIT=/etc/systemd/system/kiln-agent.service
  have cloud-init && RESET=cloud-init
fi
SERVICE="\"pidfile\",\"pidFile\":\"$KILN_ROOT/run/agent.pid\""
[ -n "$UNIT" ] && SERVICE="\"systemd\",\"unit\":\"kiln-agent.service\",\"unitFile\":\"$UNIT\""
# TLS identity (Kiln pins it) and config, private by umask 077.
cat > "$KILN_ROOT/etc/agent.crt" <<'KILN_CERT'
{{TLS_CERT_PEM}}
KILN_CERT
cat > "$KILN_ROOT/etc/agent.key" <<'KILN_KEY'
{{TLS_KEY_PEM}}
KILN_KEY
CONFIG="$KILN_ROOT/etc/agent.json"
cat > "$CONFIG" <<KILN_CONFIG
{"bind": "$AGENT_BIND", "port": $AGENT_PORT, "tokenSha256": "$TOKEN_SHA256", "dataDir": "$KILN_ROOT/data",
 "tls": {"certFile": "$KILN_ROOT/etc/agent.crt", "keyFile": "$KILN_ROOT/etc/agent.key"}, "sshHostKeyDir": "$SSH_HOST_KEY_DIR",
 "root": "$KILN_ROOT", "service": {"kind":$SERVICE}, "firstBootReset": "$RESET"}
KILN_CONFIG

INSTALL_SH="$KILN_ROOT/install/install.sh"
if [ -n "$INSTALL_SCRIPT_URL" ]; then
  say "fetching the install script"
  fetch "$INSTALL_SCRIPT_URL" "$INSTALL_SH.part" || die "could not download the install script"
  echo "$INSTALL_SCRIPT_SHA256  $INSTALL_SH.part" | sha256sum -c --quiet - || die "install script checksum mismatch"
  mv "$INSTALL_SH.part" "$INSTALL_SH"
else
  cat > "$INSTALL_SH" <<'{{SCRIPT_DELIMITER}}'
{{INSTALL_SCRIPT}}
{{SCRIPT_DELIMITER}}
fi

say "starting the agent on $AGENT_BIND:$AGENT_PORT"
if [ -n "$UNIT" ]; then
  cat > "$UNIT" <<KILN_UNIT
[Unit]
Description=Kiln installer agent
Wants=network-online.target
After=network-online.target

[Service]
ExecStart=$NODE $AGENT_JS serve --config $CONFIG
Restart=always
RestartSec=1
NoNewPrivileges=yes
ProtectSystem=full
ReadWritePaths=/etc/systemd/system
ProtectHome=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
KILN_UNIT
  systemctl daemon-reload
  systemctl enable --now kiln-agent.service
else
  nohup "$NODE" "$AGENT_JS" serve --config "$CONFIG" >>"$KILN_ROOT/run/agent.log" 2>&1 &
  echo $! > "$KILN_ROOT/run/agent.pid"
fi

say "running the install script"
cd "$KILN_ROOT/install"
exec "$NODE" "$AGENT_JS" run --config "$CONFIG" --name install -- /bin/bash "$KILN_ROOT/install/install.sh"
