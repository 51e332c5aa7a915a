/** Starting points for the install script, per platform, and the rule for when choosing one needs a confirmation. */
import { EXAMPLE_INSTALL_SCRIPT } from './example-install-script';

export type ScriptPlatform = 'linux' | 'windows';

export interface InstallTemplate {
  id: string;
  label: string;
  description: string;
  platform: ScriptPlatform;
  script: string;
}

const NGINX = `#!/bin/bash
# Installs nginx and serves its default page on port 80.
set -euo pipefail

if command -v dnf >/dev/null; then
  dnf install -y nginx
else
  apt-get update -y
  DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
fi
systemctl enable --now nginx
curl -fsS http://127.0.0.1/ >/dev/null && echo "nginx answers on port 80"
`;

const APACHE = `#!/bin/bash
# Installs the Apache HTTP Server and serves its default page on port 80.
set -euo pipefail

if command -v dnf >/dev/null; then
  dnf install -y httpd
  service=httpd
else
  apt-get update -y
  DEBIAN_FRONTEND=noninteractive apt-get install -y apache2
  service=apache2
fi
systemctl enable --now "$service"
curl -fsS http://127.0.0.1/ >/dev/null && echo "Apache answers on port 80"
`;

const DOCKER = `#!/bin/bash
# Installs Docker, starts it, and runs a test container.
set -euo pipefail

if command -v dnf >/dev/null; then
  dnf install -y docker
else
  apt-get update -y
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
fi
systemctl enable --now docker
docker run --rm hello-world
`;

const POWERSHELL = `# Runs on the new Windows instance after boot, in PowerShell. Every line it prints appears in Kiln's install log;
# exit code 0 marks the install as succeeded, anything else as failed.
$ErrorActionPreference = 'Stop'

Write-Output "Installing on $env:COMPUTERNAME"
# Replace with your own commands.
Write-Output "done"
`;

const IIS = `# Installs IIS with its management tools and checks that the default site answers on port 80.
$ErrorActionPreference = 'Stop'

Install-WindowsFeature -Name Web-Server -IncludeManagementTools
Start-Service W3SVC
$response = Invoke-WebRequest -UseBasicParsing -Uri 'http://localhost/'
Write-Output "IIS answers on port 80 with status $($response.StatusCode)"
`;

export const INSTALL_TEMPLATES: readonly InstallTemplate[] = [
  {
    id: 'none',
    label: 'None',
    description: 'A minimal script to start from.',
    platform: 'linux',
    script: EXAMPLE_INSTALL_SCRIPT,
  },
  { id: 'nginx', label: 'nginx', description: 'Web server on port 80 (dnf or apt).', platform: 'linux', script: NGINX },
  { id: 'apache', label: 'Apache', description: 'httpd / apache2 on port 80.', platform: 'linux', script: APACHE },
  {
    id: 'docker',
    label: 'Docker',
    description: 'Docker engine and a test container.',
    platform: 'linux',
    script: DOCKER,
  },
  {
    id: 'powershell',
    label: 'None (PowerShell)',
    description: 'A minimal PowerShell script to start from.',
    platform: 'windows',
    script: POWERSHELL,
  },
  {
    id: 'iis',
    label: 'IIS',
    description: 'Internet Information Services on port 80.',
    platform: 'windows',
    script: IIS,
  },
];

/** The templates that run on the AMI's platform (Linux until the AMI is known). */
export function templatesFor(platform: ScriptPlatform | undefined): InstallTemplate[] {
  return INSTALL_TEMPLATES.filter((t) => t.platform === (platform ?? 'linux'));
}

/** True when replacing the script would lose the operator's own work: it is neither empty nor a template as it came. */
export function isEditedScript(script: string): boolean {
  return script.trim() !== '' && !INSTALL_TEMPLATES.some((t) => t.script === script);
}

/**
 * The platform's starting script when the current one is an untouched template of the other platform (a bash
 * example for a Windows AMI); undefined when the script fits or is the operator's own.
 */
export function starterForPlatform(script: string, platform: ScriptPlatform): string | undefined {
  const template = INSTALL_TEMPLATES.find((t) => t.script === script);
  if (!template || template.platform === platform) return undefined;
  return templatesFor(platform)[0]?.script;
}
