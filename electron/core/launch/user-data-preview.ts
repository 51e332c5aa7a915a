/** The user data preview the wizard shows: its size with the longest expected values, its text with no secrets. Pure. */
import type { ImageSummary, LaunchSpec } from '../../common/models';
import { estimateValues, NODE_URL_BUDGET } from './preflight';
import { AGENT_URL_BUDGET, redactUserData, renderUserData, type BootstrapTemplates } from './user-data';

/** What the preview shows where the presigned URL of the agent bundle goes. */
export const AGENT_URL_PREVIEW = '<presigned URL of the agent bundle: made at launch, valid 1 hour>';
/** And where the bundle's SHA-256 goes (a sample value while measuring). */
export const AGENT_SHA_PREVIEW = '<SHA-256 of the agent bundle>';
/** Where the Node.js download and its SHA-256 go: resolved for each launch. */
export const NODE_URL_PREVIEW = '<Node.js download URL: resolved at launch>';
export const NODE_SHA_PREVIEW = '<SHA-256 of the Node.js download>';

export interface UserDataPreview {
  userDataBytes: number;
  limitBytes: number;
  /** The rendered user data, every secret replaced by a `<redacted: …>` placeholder. */
  userDataText: string;
}

/** An oversize script is measured, not refused: the wizard shows by how much it is over. */
export function previewUserData(templates: BootstrapTemplates, spec: LaunchSpec, platform: ImageSummary['platform'] = 'linux'): UserDataPreview {
  const values = estimateValues(spec);
  const rendered = renderUserData(platform, templates, values);
  // The sample agent URL is only a length budget; the preview says what goes there instead.
  const userDataText = redactUserData(rendered.text, values)
    .replace(AGENT_URL_BUDGET, AGENT_URL_PREVIEW)
    .replace(`'${values.agentSha256}'`, `'${AGENT_SHA_PREVIEW}'`)
    .replace(NODE_URL_BUDGET, NODE_URL_PREVIEW)
    .replace(`'${values.nodeTarballSha256}'`, `'${NODE_SHA_PREVIEW}'`);
  return { userDataBytes: rendered.bytes, limitBytes: rendered.limitBytes, userDataText };
}
