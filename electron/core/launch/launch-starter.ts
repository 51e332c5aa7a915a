/**
 * Launching: one instance per call, or a batch one after another that stops at the first failure. A launch is
 * known as "being created" until its resources exist, then held, saved, announced and watched.
 */
import { randomUUID } from 'node:crypto';
import type { LaunchRecord, LaunchSpec } from '../../common/models';
import { KilnFailure } from '../../common/result';
import type { LaunchStore } from '../store/launch-store';
import { createLaunchResources, type CreateResourcesDeps } from './create-resources';
import { batchError, batchSpecs, terminateAtFor, type BatchResult } from './launch-batch';
import type { LaunchRecords } from './launch-records';
import type { LaunchTerminateAt } from './launch-terminate-at';
import { advance } from './phases';
import { planUserData } from './preflight';
import { assertScriptDeliverable } from './script-delivery';

export interface LaunchStarterDeps extends CreateResourcesDeps {
  records: LaunchRecords;
  terminateAt: Pick<LaunchTerminateAt, 'sync' | 'tagLaunched'>;
  watch: (record: LaunchRecord) => void;
  store: LaunchStore;
  onRecord: (record: LaunchRecord) => void;
}

export interface LaunchStarter {
  /** Launches one instance; a spec with a count above 1 is refused with `CountNeedsBatch`. */
  start(spec: LaunchSpec): Promise<LaunchRecord>;
  /** Launches `advanced.count` instances one after another, stopping at the first failure. */
  startBatch(spec: LaunchSpec): Promise<BatchResult<LaunchRecord>>;
  /** Launches whose resources are being created: not among the records yet, but their resources exist. */
  creatingIds(): ReadonlySet<string>;
}

export function createLaunchStarter(deps: LaunchStarterDeps): LaunchStarter {
  const creating = new Set<string>();

  async function startOne(spec: LaunchSpec): Promise<LaunchRecord> {
    assertScriptDeliverable(planUserData(deps.bootstrapTemplates, spec, 'linux', deps.artifacts.uploads).delivery);
    const at = deps.now();
    const requested: LaunchRecord = {
      id: randomUUID(),
      spec,
      createdAt: at.toISOString(),
      phase: 'requested',
      timeline: [{ phase: 'requested', at: at.toISOString() }],
      securityGroupDeleted: false,
      agentRuleRevoked: false,
      agentCursor: 0,
      terminateAt: terminateAtFor(spec, at),
    };
    creating.add(requested.id);
    let launched: LaunchRecord;
    try {
      launched = await createLaunchResources(deps, spec, advance(requested, 'creating-resources', at));
      deps.records.hold(launched);
    } finally {
      creating.delete(requested.id);
    }
    deps.terminateAt.sync(launched);
    await deps.store.save(launched);
    deps.onRecord(launched);
    deps.watch(launched);
    if (launched.terminateAt && launched.instanceId) await deps.terminateAt.tagLaunched(launched);
    return launched;
  }

  return {
    async start(spec) {
      const [single, ...rest] = batchSpecs(spec);
      if (!single || rest.length > 0) {
        throw new KilnFailure({
          code: 'CountNeedsBatch',
          message: `This spec asks for ${rest.length + 1} instances; launch.start launches one.`,
          remedy: 'Use launch.startBatch, or set the count to 1.',
          field: 'advanced.count',
        });
      }
      return startOne(single);
    },

    async startBatch(spec) {
      const launched: LaunchRecord[] = [];
      for (const one of batchSpecs(spec)) {
        try {
          launched.push(await startOne(one));
        } catch (error) {
          // Nothing launched yet: the failure is the command's own, so the wizard can show it on its field.
          if (launched.length === 0) throw error;
          return { launched, failed: { name: one.name, error: batchError(error) } };
        }
      }
      return { launched };
    },

    creatingIds: () => creating,
  };
}
