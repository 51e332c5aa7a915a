/** Notices: conditions of this run the operator should know about that are not failures of a command. */
import { z } from 'zod';

export const AppNotice = z.object({
  /** Stable, for code and tests (`SecretsInMemoryOnly`); the UI shows the message and the remedy. */
  code: z.string(),
  /** What is the case, in a sentence. */
  message: z.string(),
  /** What the operator can do about it, when anything. */
  remedy: z.string().optional(),
  /** `warning` for something going wrong out there (an alarm fired, a probe down); default `info`. */
  severity: z.enum(['info', 'warning']).optional(),
});
export type AppNotice = z.infer<typeof AppNotice>;
