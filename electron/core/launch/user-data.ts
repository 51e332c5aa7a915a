/** Renders the bootstrap user data for a launch. Pure: the template and every value come in as arguments. */
import { USER_DATA_LIMIT_BYTES } from '../../common/models';

export interface BootstrapValues {
  launchId: string;
  agentPort: number;
  agentUrl: string;
  agentSha256: string;
  tokenSha256: string;
  /** The agent's per-launch TLS certificate and private key (PEM). */
  tlsCertPem: string;
  tlsKeyPem: string;
  /** A Node >= 18 tarball for distributions whose packaged Node is too old, and its SHA-256; both or neither. */
  nodeTarballUrl?: string;
  nodeTarballSha256?: string;
  installScript: string;
  /**
   * Set when the script travels as an artifact (too large for user data): its presigned URL and SHA-256, both or
   * neither. The bootstrap then downloads and checks it, and `installScript` is not embedded.
   */
  installScriptUrl?: string;
  installScriptSha256?: string;
}

export interface RenderedUserData {
  text: string;
  bytes: number;
  limitBytes: number;
  fits: boolean;
}

/** The longest agent URL we expect (a presigned S3 URL with a session token); used to size-check before upload. */
export const AGENT_URL_BUDGET = 'x'.repeat(2_048);
/** The same budget for the install script's presigned URL, distinct so the preview can tell the two apart. */
export const SCRIPT_URL_BUDGET = 'y'.repeat(2_048);

const SAFE_VALUE = /^[^'\n\r]*$/;
const PEM = /^-----BEGIN [A-Z ]+-----\n[A-Za-z0-9+/=\n]+-----END [A-Z ]+-----\n?$/;

/** The checks both bootstraps need: values that cannot leave their quotes, hashes and PEMs of the right shape. */
function checkValues(
  values: BootstrapValues,
): Record<'nodeTarballUrl' | 'nodeTarballSha256' | 'scriptUrl' | 'scriptSha256', string> {
  const nodeTarballUrl = values.nodeTarballUrl ?? '';
  const nodeTarballSha256 = values.nodeTarballSha256 ?? '';
  if (
    Boolean(nodeTarballUrl) !== Boolean(nodeTarballSha256) ||
    (nodeTarballSha256 && !/^[0-9a-f]{64}$/.test(nodeTarballSha256))
  ) {
    throw new Error('A Node tarball URL needs its lowercase hex SHA-256, and the other way round');
  }
  const scriptUrl = values.installScriptUrl ?? '';
  const scriptSha256 = values.installScriptSha256 ?? '';
  if (Boolean(scriptUrl) !== Boolean(scriptSha256) || (scriptSha256 && !/^[0-9a-f]{64}$/.test(scriptSha256))) {
    throw new Error('An install script URL needs its lowercase hex SHA-256, and the other way round');
  }
  for (const [key, value] of Object.entries({
    launchId: values.launchId,
    agentUrl: values.agentUrl,
    nodeTarballUrl,
    scriptUrl,
  })) {
    if (!SAFE_VALUE.test(value)) throw new Error(`Bootstrap value ${key} must not contain quotes or newlines`);
  }
  if (!/^[0-9a-f]{64}$/.test(values.agentSha256) || !/^[0-9a-f]{64}$/.test(values.tokenSha256)) {
    throw new Error('Bootstrap hashes must be lowercase hex SHA-256');
  }
  for (const [key, pem] of Object.entries({ tlsCertPem: values.tlsCertPem, tlsKeyPem: values.tlsKeyPem })) {
    if (!PEM.test(pem)) throw new Error(`Bootstrap value ${key} must be one PEM block`);
  }
  if (!Number.isInteger(values.agentPort)) throw new Error('The agent port must be an integer');
  return { nodeTarballUrl, nodeTarballSha256, scriptUrl, scriptSha256 };
}

/** One pass, so a value that itself contains {{…}} (e.g. the install script) is never expanded again. */
function fill(template: string, replacements: Record<string, string>): string {
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (match, key: string) => {
    const value = replacements[key];
    if (value === undefined) throw new Error(`Bootstrap template has an unknown placeholder ${match}`);
    return value;
  });
}

/** The placeholders both platforms' templates share, from checked values. */
function commonReplacements(values: BootstrapValues): Record<string, string> {
  const { nodeTarballUrl, nodeTarballSha256, scriptUrl, scriptSha256 } = checkValues(values);
  return {
    LAUNCH_ID: values.launchId,
    AGENT_PORT: String(values.agentPort),
    AGENT_URL: values.agentUrl,
    AGENT_SHA256: values.agentSha256,
    TOKEN_SHA256: values.tokenSha256,
    TLS_CERT_PEM: values.tlsCertPem.trimEnd(),
    TLS_KEY_PEM: values.tlsKeyPem.trimEnd(),
    NODE_TARBALL_URL: nodeTarballUrl,
    NODE_TARBALL_SHA256: nodeTarballSha256,
    INSTALL_SCRIPT_URL: scriptUrl,
    INSTALL_SCRIPT_SHA256: scriptSha256,
  };
}

function measured(text: string, limitBytes: number): RenderedUserData {
  const bytes = Buffer.byteLength(text, 'utf8');
  return { text, bytes, limitBytes, fits: bytes <= limitBytes };
}

/**
 * EC2Launch v2 reads the same user data attribute, and RunInstances caps it at 16 KB raw for every platform; the
 * Windows bootstrap pays more of it per script byte (the script travels as base64), so its budget is its own.
 */
export const WINDOWS_USER_DATA_LIMIT_BYTES = USER_DATA_LIMIT_BYTES;

/** The PowerShell bootstrap as EC2Launch v2 user data: one <powershell> block, the script inside as base64. */
export function renderWindowsUserData(template: string, values: BootstrapValues): RenderedUserData {
  const text = fill(template, {
    ...commonReplacements(values),
    INSTALL_SCRIPT_BASE64: Buffer.from(inlineScript(values), 'utf8').toString('base64'),
  });
  if (!/^<powershell>\n[\s\S]*<\/powershell>\n?$/.test(text) || text.match(/<\/?powershell>/gi)?.length !== 2) {
    throw new Error('The Windows bootstrap template must be exactly one <powershell> block');
  }
  return measured(text, WINDOWS_USER_DATA_LIMIT_BYTES);
}

/** The bootstrap templates Kiln ships, one per platform. */
export interface BootstrapTemplates {
  linux: string;
  windows: string;
}

/** Renders the bootstrap of the AMI's platform. */
export function renderUserData(
  platform: 'linux' | 'windows',
  templates: BootstrapTemplates,
  values: BootstrapValues,
): RenderedUserData {
  return platform === 'windows'
    ? renderWindowsUserData(templates.windows, values)
    : renderLinuxUserData(templates.linux, values);
}

export function renderLinuxUserData(template: string, values: BootstrapValues): RenderedUserData {
  const script = inlineScript(values).replace(/\r\n/g, '\n').replace(/\n$/, '');
  const replacements: Record<string, string> = {
    ...commonReplacements(values),
    SCRIPT_DELIMITER: heredocDelimiter(script, values.launchId),
    INSTALL_SCRIPT: script,
  };
  return measured(fill(template, replacements), USER_DATA_LIMIT_BYTES);
}

/** The script to embed: none when it travels as an artifact. */
function inlineScript(values: BootstrapValues): string {
  return values.installScriptUrl ? '' : values.installScript;
}

/** A heredoc delimiter that does not occur as a line of the script, so the script is embedded verbatim. */
export function heredocDelimiter(script: string, seed: string): string {
  const lines = new Set(script.split('\n'));
  let delimiter = `KILN_INSTALL_SCRIPT_${seed.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
  while (lines.has(delimiter)) delimiter += '_';
  return delimiter;
}

/** What the operator sees instead of each secret when the rendered user data is shown. */
export const REDACTED = {
  tlsKey: '<redacted: TLS private key>',
  tokenHash: '<redacted: agent token hash>',
  urlSignature: '<redacted: presigned URL signature>',
} as const;

/**
 * The rendered user data with every secret in `values` replaced by a placeholder: the agent's TLS private key, the
 * hash of its bearer token, and the query string (credential, signature, session token) of presigned URLs.
 */
export function redactUserData(
  text: string,
  values: Pick<BootstrapValues, 'tlsKeyPem' | 'tokenSha256' | 'agentUrl' | 'nodeTarballUrl' | 'installScriptUrl'>,
): string {
  let redacted = replaceAll(text, values.tlsKeyPem.trimEnd(), REDACTED.tlsKey);
  redacted = replaceAll(redacted, values.tokenSha256, REDACTED.tokenHash);
  for (const url of [values.agentUrl, values.nodeTarballUrl, values.installScriptUrl]) {
    const query = url?.indexOf('?') ?? -1;
    if (url && query >= 0) redacted = replaceAll(redacted, url, `${url.slice(0, query)}?${REDACTED.urlSignature}`);
  }
  return redacted;
}

function replaceAll(text: string, secret: string, placeholder: string): string {
  return secret ? text.split(secret).join(placeholder) : text;
}
