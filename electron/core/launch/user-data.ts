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
}

export interface RenderedUserData {
  text: string;
  bytes: number;
  limitBytes: number;
  fits: boolean;
}

/** The longest agent URL we expect (a presigned S3 URL with a session token); used to size-check before upload. */
export const AGENT_URL_BUDGET = 'x'.repeat(2_048);

const SAFE_VALUE = /^[^'\n\r]*$/;
const PEM = /^-----BEGIN [A-Z ]+-----\n[A-Za-z0-9+/=\n]+-----END [A-Z ]+-----\n?$/;

export function renderLinuxUserData(template: string, values: BootstrapValues): RenderedUserData {
  const nodeTarballUrl = values.nodeTarballUrl ?? '';
  const nodeTarballSha256 = values.nodeTarballSha256 ?? '';
  if (Boolean(nodeTarballUrl) !== Boolean(nodeTarballSha256) || (nodeTarballSha256 && !/^[0-9a-f]{64}$/.test(nodeTarballSha256))) {
    throw new Error('A Node tarball URL needs its lowercase hex SHA-256, and the other way round');
  }
  for (const [key, value] of Object.entries({ launchId: values.launchId, agentUrl: values.agentUrl, nodeTarballUrl })) {
    if (!SAFE_VALUE.test(value)) throw new Error(`Bootstrap value ${key} must not contain quotes or newlines`);
  }
  if (!/^[0-9a-f]{64}$/.test(values.agentSha256) || !/^[0-9a-f]{64}$/.test(values.tokenSha256)) {
    throw new Error('Bootstrap hashes must be lowercase hex SHA-256');
  }
  for (const [key, pem] of Object.entries({ tlsCertPem: values.tlsCertPem, tlsKeyPem: values.tlsKeyPem })) {
    if (!PEM.test(pem)) throw new Error(`Bootstrap value ${key} must be one PEM block`);
  }
  const script = values.installScript.replace(/\r\n/g, '\n').replace(/\n$/, '');
  const replacements: Record<string, string> = {
    LAUNCH_ID: values.launchId,
    AGENT_PORT: String(values.agentPort),
    AGENT_URL: values.agentUrl,
    AGENT_SHA256: values.agentSha256,
    TOKEN_SHA256: values.tokenSha256,
    TLS_CERT_PEM: values.tlsCertPem.trimEnd(),
    TLS_KEY_PEM: values.tlsKeyPem.trimEnd(),
    NODE_TARBALL_URL: nodeTarballUrl,
    NODE_TARBALL_SHA256: nodeTarballSha256,
    SCRIPT_DELIMITER: heredocDelimiter(script, values.launchId),
    INSTALL_SCRIPT: script,
  };
  // One pass, so a value that itself contains {{…}} (e.g. the install script) is never expanded again.
  const text = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (match, key: string) => {
    const value = replacements[key];
    if (value === undefined) throw new Error(`Bootstrap template has an unknown placeholder ${match}`);
    return value;
  });
  const bytes = Buffer.byteLength(text, 'utf8');
  return { text, bytes, limitBytes: USER_DATA_LIMIT_BYTES, fits: bytes <= USER_DATA_LIMIT_BYTES };
}

/** A heredoc delimiter that does not occur as a line of the script, so the script is embedded verbatim. */
export function heredocDelimiter(script: string, seed: string): string {
  const lines = new Set(script.split('\n'));
  let delimiter = `KILN_INSTALL_SCRIPT_${seed.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
  while (lines.has(delimiter)) delimiter += '_';
  return delimiter;
}
