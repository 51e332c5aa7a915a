/**
 * The user data of a launch, as it is sent, from one function for both the wizard's meter (launch.preview) and the
 * launch itself: the same delivery decision (inline, else the install script through the artifact bucket) and the
 * same rendering, from values of the same shape. The preview signs download URLs without uploading and uses sample
 * secrets of the same length (a token hash, a certificate of the fixed size below), so its byte count is the sent
 * one; only the secrets differ, and those are redacted in the text it shows.
 */
import { randomBytes } from 'node:crypto';
import type { ImageSummary, LaunchSpec, ScriptDelivery } from '../../common/models';
import { createAgentCertificate, type AgentCertificate } from '../agent-link/agent-certificate';
import type { Artifact } from '../artifacts/artifact-store';
import type { LaunchNodeRuntime } from './node-runtime';
import { chooseScriptDelivery, scriptArtifact } from './script-delivery';
import { renderUserData, type BootstrapTemplates, type BootstrapValues, type RenderedUserData } from './user-data';

export interface BootstrapPlanInput {
  templates: BootstrapTemplates;
  spec: LaunchSpec;
  platform: ImageSummary['platform'];
  /** False with an artifact mirror: then the script must fit inline. */
  canUpload: boolean;
  launchId: string;
  tokenSha256: string;
  certificate: Pick<AgentCertificate, 'certPem' | 'keyPem'>;
  agentUrl: string;
  agentSha256: string;
  node: LaunchNodeRuntime;
  /** The download URL of the script as an artifact (uploaded at launch, only signed for the preview). */
  scriptUrl(script: Artifact): Promise<string>;
}

export interface BootstrapPlan {
  delivery: ScriptDelivery;
  userData: RenderedUserData;
  values: BootstrapValues;
  /** The script as an artifact, when it travels through the artifact bucket. */
  script?: Artifact;
}

/** How the script travels and the user data that makes (a refused delivery is measured with the script inline). */
export async function planBootstrap(input: BootstrapPlanInput): Promise<BootstrapPlan> {
  const { spec, platform, templates } = input;
  const values: BootstrapValues = {
    launchId: input.launchId,
    agentPort: spec.agentPort,
    agentUrl: input.agentUrl,
    agentSha256: input.agentSha256,
    tokenSha256: input.tokenSha256,
    tlsCertPem: input.certificate.certPem,
    tlsKeyPem: input.certificate.keyPem,
    nodeTarballUrl: input.node.runtime?.url,
    nodeTarballSha256: input.node.runtime?.sha256,
    installScript: spec.installScript,
  };
  const inline = renderUserData(platform, templates, values);
  const delivery = chooseScriptDelivery({
    inlineBytes: inline.bytes,
    limitBytes: inline.limitBytes,
    scriptBytes: Buffer.byteLength(spec.installScript, 'utf8'),
    canUpload: input.canUpload,
  });
  if (delivery.mode !== 'artifact') return { delivery, userData: inline, values };
  const script = scriptArtifact(platform, spec.installScript);
  const withScript = { ...values, installScriptUrl: await input.scriptUrl(script), installScriptSha256: script.sha256 };
  return { delivery, userData: renderUserData(platform, templates, withScript), values: withScript, script };
}

/** The agent certificate's names and lifetime, the same for every launch and the preview. */
export const AGENT_ALT_NAMES = ['127.0.0.1', 'localhost'];
export const AGENT_CERT_DAYS = 825;

/** The signature of a P-256 certificate in DER takes 70 to 72 bytes; ours always takes 72 (see below). */
const LONGEST_SIGNATURE = 72;

/**
 * The agent's certificate, made again until its ECDSA signature has its longest DER form (r and s both with
 * the high bit set, so DER gives each a leading zero byte: one chance in four per try), so every certificate of a launch has the same size and the
 * preview's sample measures like the real one.
 */
export function createFixedSizeAgentCertificate(
  options: Parameters<typeof createAgentCertificate>[0],
): AgentCertificate {
  let certificate = createAgentCertificate(options);
  for (let attempt = 0; attempt < 200 && signatureLength(certificate.certPem) !== LONGEST_SIGNATURE; attempt++) {
    certificate = createAgentCertificate(options);
  }
  return certificate;
}

/** The DER length of the certificate's signature: the BIT STRING that ends the certificate holds 0x00 + signature. */
export function signatureLength(certPem: string): number {
  const der = Buffer.from(certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  // The signature SEQUENCE (30 len) is the last element; find it from the BIT STRING header (03 len 00).
  for (let length = LONGEST_SIGNATURE; length >= 64; length--) {
    const start = der.length - length;
    if (der[start - 3] === 0x03 && der[start - 2] === length + 1 && der[start - 1] === 0x00 && der[start] === 0x30) {
      return length;
    }
  }
  return -1;
}

/** Sample secrets of the real ones' length, for the preview (never sent anywhere). */
export function sampleSecrets(): { launchId: string; tokenSha256: string } {
  return { launchId: '00000000-0000-0000-0000-000000000000', tokenSha256: randomBytes(32).toString('hex') };
}
