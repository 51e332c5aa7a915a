/** Files of Kiln's data directory that could not be read, and where the unreadable content was kept. */
import { z } from 'zod';

/** Which store the file belongs to (the UI names it). */
export const StoredFileKind = z.enum([
  'launch-record',
  'presets',
  'preferences',
  'wizard-defaults',
  'fleets',
  'secrets',
  'settings',
]);
export type StoredFileKind = z.infer<typeof StoredFileKind>;

export const StorageProblem = z.object({
  kind: StoredFileKind,
  /** The file as Kiln reads it (it no longer holds the unreadable content). */
  file: z.string(),
  /** Where the unreadable content is now: `<file>.unreadable-<timestamp>`, never overwritten. */
  backupPath: z.string(),
  /** When the problem was found, ISO 8601. */
  detectedAt: z.string(),
  /** What happened, in a sentence. */
  message: z.string(),
  /** What the operator can do about it. */
  remedy: z.string(),
  /** For a launch record: the launch it held (its instance may still run in AWS: Import from AWS adopts it again). */
  launchId: z.string().optional(),
});
export type StorageProblem = z.infer<typeof StorageProblem>;
