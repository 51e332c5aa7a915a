/**
 * The shapes `kiln … --json` prints, one per command: stable for scripts and CI jobs, checked by the tests. A
 * failure prints `CliFailure` instead, with the exit code saying which kind (README, "Command line").
 */
import { z } from 'zod';
import {
  CallerIdentity,
  Diagnosis,
  FleetPlan,
  FleetRecord,
  FleetRefresh,
  FleetStatus,
  Inventory,
  KilnImage,
  LaunchAlarms,
  LaunchOutcome,
  LaunchRecord,
  LogLine,
  Orphan,
  OrphanCleanupResult,
  Profile,
  Region,
  SnapshotSchedulePreview,
} from '../common/models';
import { KilnError } from '../common/result';

/** One launch, as `list` and the other commands that name launches print it. */
export const LaunchSummary = z.object({
  id: z.string(),
  name: z.string(),
  phase: z.string(),
  profileId: z.string(),
  region: z.string(),
  instanceId: z.string().nullable(),
  instanceState: z.string().nullable(),
  publicIp: z.string().nullable(),
  createdAt: z.string(),
  outcome: LaunchOutcome.nullable(),
});
export type LaunchSummary = z.infer<typeof LaunchSummary>;

export function toLaunchSummary(record: LaunchRecord): LaunchSummary {
  return {
    id: record.id,
    name: record.spec.name,
    phase: record.phase,
    profileId: record.spec.profileId,
    region: record.spec.region,
    instanceId: record.instanceId ?? null,
    instanceState: record.instanceState ?? null,
    publicIp: record.publicIp ?? null,
    createdAt: record.createdAt,
    outcome: record.outcome ?? null,
  };
}

export const CliFailure = z.object({ ok: z.literal(false), error: KilnError });

export const cliOutputs = {
  list: z.array(LaunchSummary),
  show: LaunchRecord,
  /** One LogLine per line of output (newline-delimited JSON), also while following. */
  logs: LogLine,
  launch: z.object({
    launches: z.array(LaunchSummary),
    /** Set when a batch stopped before launching them all. */
    failed: z.object({ name: z.string(), error: KilnError }).optional(),
    /** What `--on-success` / `--on-failure` did, when the launch was followed to its end. */
    after: z.array(
      z.object({ launchId: z.string(), action: z.string(), ok: z.boolean(), message: z.string().optional() }),
    ),
  }),
  terminate: z.array(LaunchSummary),
  images: z.array(KilnImage),
  /** The recovery alarms of the launches asked for (or every launch with alarms), as `health.alarms.list` answers. */
  alarms: z.array(LaunchAlarms),
  alarmsRemoved: z.object({ launchId: z.string(), deleted: z.array(z.string()) }),
  fleet: FleetRecord,
  fleetPlan: FleetPlan,
  fleets: z.array(z.object({ fleet: FleetRecord, status: FleetStatus.nullable() })),
  fleetRollout: z.object({ fleet: FleetRecord, refresh: FleetRefresh.nullable() }),
  /** `inventory --json`: the Inventory page's JSON export, with the estimated total per day (launch rows left out). */
  inventory: Inventory.extend({ totalCostPerDay: z.number() }),
  imageDeregister: z.object({
    imageId: z.string(),
    deletedSnapshotIds: z.array(z.string()),
    keptSnapshots: z.array(z.object({ snapshotId: z.string(), reason: z.string() })),
  }),
  cleanup: z.object({ dryRun: z.boolean(), orphans: z.array(Orphan), results: z.array(OrphanCleanupResult) }),
  profiles: z.array(z.object({ profile: Profile, identity: CallerIdentity.nullable(), error: KilnError.optional() })),
  regions: z.array(Region),
  ping: z.object({
    launch: LaunchSummary,
    statusChecks: z.unknown().nullable(),
    agentLink: z.unknown().nullable(),
    diagnosis: Diagnosis,
  }),
  import: z.array(LaunchSummary),
  /** `snapshots schedule`: the launch's schedule, policy and DLM role (after setting it, or what Set would create). */
  snapshotSchedule: SnapshotSchedulePreview,
  snapshotScheduleRemove: z.object({ launchId: z.string(), removedPolicyId: z.string().nullable() }),
  bake: z.object({
    launchId: z.string(),
    images: z.array(z.object({ imageId: z.string(), region: z.string(), state: z.string() })),
    terminated: z.boolean(),
  }),
} as const;
