/** The user data preview the wizard shows: its size with the longest expected values, its text with no secrets. Pure. */
import type { ImageSummary, LaunchSpec, ScriptDelivery } from '../../common/models';
import { NODE_URL_BUDGET, planUserData } from './preflight';
import type { BootstrapPlan } from './bootstrap-plan';
import { AGENT_URL_BUDGET, redactUserData, SCRIPT_URL_BUDGET, type BootstrapTemplates } from './user-data';

/** What the preview shows where the presigned URL of the agent bundle goes. */
export const AGENT_URL_PREVIEW = '<presigned URL of the agent bundle: made at launch, valid 1 hour>';
/** And where the bundle's SHA-256 goes (a sample value while measuring). */
export const AGENT_SHA_PREVIEW = '<SHA-256 of the agent bundle>';
/** Where the Node.js download and its SHA-256 go: resolved for each launch. */
export const NODE_URL_PREVIEW = '<Node.js download URL: resolved at launch>';
export const NODE_SHA_PREVIEW = '<SHA-256 of the Node.js download>';
/** Where the install script's download and SHA-256 go when it travels through the artifact bucket. */
export const SCRIPT_URL_PREVIEW = '<presigned URL of the install script: made at launch, valid 1 hour>';
export const SCRIPT_SHA_PREVIEW = '<SHA-256 of the install script>';

export interface UserDataPreview {
  userDataBytes: number;
  limitBytes: number;
  /** The rendered user data, every secret replaced by a `<redacted: …>` placeholder. */
  userDataText: string;
  /** Inline, from the artifact bucket, or refused (and why). */
  delivery: ScriptDelivery;
}

/**
 * A refused script is measured, not refused: the wizard shows the delivery and, with the script inline, by how much
 * the user data is over. `canUpload` is false with an artifact mirror.
 */
export function previewUserData(
  templates: BootstrapTemplates,
  spec: LaunchSpec,
  platform: ImageSummary['platform'] = 'linux',
  canUpload = true,
): UserDataPreview {
  const { delivery, estimate, values } = planUserData(templates, spec, platform, canUpload);
  // The sample URLs are only length budgets; the preview says what goes there instead.
  let userDataText = redactUserData(estimate.text, values)
    .replace(AGENT_URL_BUDGET, AGENT_URL_PREVIEW)
    .replace(`'${values.agentSha256}'`, `'${AGENT_SHA_PREVIEW}'`)
    .replace(NODE_URL_BUDGET, NODE_URL_PREVIEW)
    .replace(`'${values.nodeTarballSha256}'`, `'${NODE_SHA_PREVIEW}'`);
  if (values.installScriptSha256) {
    userDataText = userDataText
      .replace(SCRIPT_URL_BUDGET, SCRIPT_URL_PREVIEW)
      .replace(`'${values.installScriptSha256}'`, `'${SCRIPT_SHA_PREVIEW}'`);
  }
  return { userDataBytes: estimate.bytes, limitBytes: estimate.limitBytes, userDataText, delivery };
}

/** The preview of the launch's own plan: its exact size, and its text with every secret and URL signature redacted. */
export function previewFromPlan(plan: BootstrapPlan): UserDataPreview {
  return {
    userDataBytes: plan.userData.bytes,
    limitBytes: plan.userData.limitBytes,
    userDataText: redactUserData(plan.userData.text, plan.values),
    delivery: plan.delivery,
  };
}
