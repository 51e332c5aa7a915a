/**
 * Inline or artifact: where the install script travels. Small scripts stay in user data (no S3 needed); larger ones
 * go to the artifact bucket, content-addressed by SHA-256 like the agent bundle. Pure.
 */
import { createHash } from 'node:crypto';
import { SCRIPT_ARTIFACT_LIMIT_BYTES, type ImageSummary, type ScriptDelivery } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { Artifact } from '../artifacts/artifact-store';

export interface DeliveryInput {
  /** The user data's size with the script inline, and EC2's limit. */
  inlineBytes: number;
  limitBytes: number;
  /** The script's own size (UTF-8). */
  scriptBytes: number;
  /** False with a mirror: Kiln uploads nothing, so only inline is possible. */
  canUpload: boolean;
}

const fmt = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** Inline when it fits; else the artifact bucket up to the cap, unless a mirror means nothing can be uploaded. */
export function chooseScriptDelivery(input: DeliveryInput): ScriptDelivery {
  const { inlineBytes, limitBytes, scriptBytes, canUpload } = input;
  if (inlineBytes <= limitBytes) return { mode: 'inline' };
  if (scriptBytes > SCRIPT_ARTIFACT_LIMIT_BYTES) {
    return {
      mode: 'refused',
      scriptBytes,
      code: 'InstallScriptTooLarge',
      message: `The install script is ${fmt(scriptBytes)} bytes; Kiln delivers install scripts of at most ${fmt(SCRIPT_ARTIFACT_LIMIT_BYTES)} bytes (1 MiB).`,
      remedy: `Shorten it by at least ${fmt(scriptBytes - SCRIPT_ARTIFACT_LIMIT_BYTES)} bytes, or have it download the rest from your own storage.`,
    };
  }
  if (!canUpload) {
    return {
      mode: 'refused',
      scriptBytes,
      code: 'InstallScriptTooLargeForMirror',
      message: `With the script inline the user data would be ${fmt(inlineBytes)} bytes; EC2 accepts at most ${fmt(limitBytes)}, and with an artifact mirror (KILN_ARTIFACT_BASE_URL) Kiln uploads nothing, so the script cannot go to the artifact bucket.`,
      remedy: `Shorten the script by at least ${fmt(inlineBytes - limitBytes)} bytes, or unset KILN_ARTIFACT_BASE_URL so Kiln uploads it to the artifact bucket.`,
    };
  }
  return { mode: 'artifact', scriptBytes };
}

/** Throws the refusal as a KilnFailure on the install script field; returns the delivery otherwise. */
export function assertScriptDeliverable(delivery: ScriptDelivery): Exclude<ScriptDelivery, { mode: 'refused' }> {
  if (delivery.mode !== 'refused') return delivery;
  throw new KilnFailure({
    code: delivery.code,
    message: delivery.message,
    remedy: delivery.remedy,
    field: 'installScript',
  });
}

/**
 * The script as the bootstrap runs it: for Linux with LF line ends (bash reads a CR as part of each command), for
 * Windows as typed (the bootstrap adds its UTF-8 prologue).
 */
export function scriptArtifact(platform: ImageSummary['platform'], script: string): Artifact {
  const text = platform === 'windows' ? script : `${script.replace(/\r\n/g, '\n').replace(/\n$/, '')}\n`;
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, sha256, fileName: platform === 'windows' ? 'install.ps1' : 'install.sh' };
}
