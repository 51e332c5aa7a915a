/** The script the wizard starts with: harmless anywhere (the sandbox runs it on this machine). */
export const EXAMPLE_INSTALL_SCRIPT = `#!/bin/bash
# Runs on the new instance after boot. Every line it prints appears in Kiln's install log;
# exit code 0 marks the install as succeeded, anything else as failed.
set -euo pipefail

echo "Installing on $(hostname) ($(uname -m))"
echo "Step 1 of 2: preparing"
sleep 1
# Replace with your own commands, e.g.: dnf install -y nginx && systemctl enable --now nginx
echo "Step 2 of 2: done"
`;
