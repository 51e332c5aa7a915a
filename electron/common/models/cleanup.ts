/** Leftovers of launches (orphans) and the connectivity doctor’s findings. */
import { z } from 'zod';

/** A resource Kiln tagged that no live launch on this workstation owns. */
export const OrphanKind = z.enum([
  'instance',
  'security-group',
  'key-pair',
  'volume',
  'snapshot',
  'alarm',
  'dlm-policy',
  /** Everything a fleet left (group, template, load balancer, target group, security groups, DNS record): `id` is the fleet id. */
  'fleet',
]);
export type OrphanKind = z.infer<typeof OrphanKind>;

export const OrphanRef = z.object({ kind: OrphanKind, id: z.string().min(1), region: z.string().min(1) });
export type OrphanRef = z.infer<typeof OrphanRef>;

export const Orphan = OrphanRef.extend({
  /** The launch that owned it; for a `fleet`, the fleet's id (`fl-…`). */
  launchId: z.string(),
  name: z.string().optional(),
  state: z.string().optional(),
  createdAt: z.string().optional(),
  detail: z.string().optional(),
  /** USD per day from the bundled price snapshot; null when unknown. */
  estimatedCostPerDay: z.number().nullable(),
});
export type Orphan = z.infer<typeof Orphan>;

export const OrphanCleanupResult = OrphanRef.extend({ ok: z.boolean(), message: z.string().optional() });
export type OrphanCleanupResult = z.infer<typeof OrphanCleanupResult>;

/** One finding of the connectivity doctor. `fix` names an action Kiln can take for the operator. */
export const ConnectivityCheck = z.object({
  id: z.enum(['public-ip', 'security-group', 'old-address', 'route', 'status-checks']),
  ok: z.boolean(),
  title: z.string(),
  detail: z.string().optional(),
  remedy: z.string().optional(),
  fix: z.enum(['update-agent-rule']).optional(),
});
export type ConnectivityCheck = z.infer<typeof ConnectivityCheck>;

export const Diagnosis = z.object({
  checkedAt: z.string(),
  operatorCidr: z.string().optional(),
  checks: z.array(ConnectivityCheck),
  /** The instance's latest console output (serial), when AWS has it. */
  consoleOutput: z.string().optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
