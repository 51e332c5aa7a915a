/** POST /v1/seal: before an image is made of the instance, the agent removes its secrets and per-launch files. */
import { z } from 'zod';

/**
 * What Kiln asks for. Unknown keys are refused (400): this request deletes files, so an option the agent does not
 * understand must not be silently ignored.
 */
export const SealRequest = z
  .object({
    /** Leave the agent bundle (`<root>/bin/kiln-agent.cjs`) and its Node runtime (`<root>/node`) in the image. */
    keepAgent: z.boolean().default(false),
    /** Windows: generalize the image with EC2Launch v2's sysprep (only where firstBootReset is ec2launch-v2). */
    generalize: z.boolean().default(false),
  })
  .strict();
export type SealRequest = z.input<typeof SealRequest>;

/** One command the seal ran (or one removal it could not do), and how it went. */
export const SealAction = z.object({
  /** The command line, or `remove <path>` for a removal that failed or was refused. */
  command: z.string(),
  ok: z.boolean(),
  /** Why it failed (exit code, the end of its output, the error), or what it did. */
  detail: z.string().optional(),
});
export type SealAction = z.infer<typeof SealAction>;

/** The agent's answer, sent before it stops itself for good. */
export const SealResponse = z.object({
  /** Absolute paths removed, in the order they were removed. */
  removed: z.array(z.string()),
  /** Absolute paths deliberately left in place (keepAgent). */
  kept: z.array(z.string()),
  /** Commands run, and removals that failed or were refused; a failure here does not stop the other steps. */
  actions: z.array(SealAction),
  /** Always true: once the answer is out, the agent stops and does not start again on this image. */
  stoppingAgent: z.literal(true),
});
export type SealResponse = z.infer<typeof SealResponse>;
