/** How the install script reaches the instance: inline in user data, or from the artifact bucket; or why it cannot. */
import { z } from 'zod';

/** The largest install script Kiln delivers through the artifact bucket. */
export const SCRIPT_ARTIFACT_LIMIT_BYTES = 1024 * 1024;

export const ScriptDelivery = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('inline') }),
  /** Too large for user data: uploaded to the artifact bucket, downloaded and checked (SHA-256) by the bootstrap. */
  z.object({ mode: z.literal('artifact'), scriptBytes: z.number().int() }),
  /** Over the artifact cap, or too large for user data while a mirror means Kiln uploads nothing. */
  z.object({
    mode: z.literal('refused'),
    scriptBytes: z.number().int(),
    code: z.string(),
    message: z.string(),
    remedy: z.string(),
  }),
]);
export type ScriptDelivery = z.infer<typeof ScriptDelivery>;

/** The delivery in the words the wizard shows: "inline in user data", "downloaded from the artifact bucket (N KB)". */
export function describeScriptDelivery(delivery: ScriptDelivery): string {
  switch (delivery.mode) {
    case 'inline':
      return 'inline in user data';
    case 'artifact':
      return `downloaded from the artifact bucket (${Math.ceil(delivery.scriptBytes / 1024)} KB)`;
    case 'refused':
      return `${delivery.message} ${delivery.remedy}`;
  }
}
