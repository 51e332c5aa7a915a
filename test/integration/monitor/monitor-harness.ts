/** Shared helpers of the monitor integration tests: contract calls, launch specs, reading the proxy's records. */
import type { LaunchPhase, LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/sandbox-profile';
import type { ProxiedRequest } from '../../support/aws-fault-proxy';
export { instanceIdsOf } from '../../support/aws-fault-proxy';
import type { SandboxBackend } from '../../support/sandbox-backend';
import { backendCommands } from '../../support/backend-commands';
import { waitFor } from '../../support/wait';

export function commands(env: SandboxBackend) {
  const { call, must } = backendCommands(() => env.backend.handlers);
  const records = async () => new Map((await must('launch.list', {})).map((r) => [r.id, r]));
  /** Waits until every launch in `ids` satisfies `done`; on timeout, says where each one that did not got to. */
  async function waitForAll(
    what: string,
    ids: readonly string[],
    done: (r: LaunchRecord) => boolean,
    timeoutMs = 60_000,
  ) {
    try {
      return await waitFor(
        what,
        async () => {
          const all = await records();
          const found = ids.map((id) => all.get(id)!);
          return found.every(done) ? found : undefined;
        },
        timeoutMs,
        200,
      );
    } catch (error) {
      const stuck = [...(await records()).values()].filter((r) => ids.includes(r.id) && !done(r));
      const where = stuck.map(
        (r) =>
          `${r.spec.name}: ${r.phase}, instance ${r.instanceState}, link ${r.agentLink?.state} (${r.agentLink?.detail ?? ''})`,
      );
      throw new Error(`${(error as Error).message}\n${where.join('\n')}`, { cause: error });
    }
  }
  /** The AMI id of the sandbox's Amazon Linux 2023 (x86) in `region`. */
  async function al2023(region: string): Promise<string> {
    const images = await must('images.quickStart', { profileId: SANDBOX_PROFILE_ID, region });
    const image = images.find((i) => i.architecture === 'x86_64') ?? images[0];
    if (!image) throw new Error(`no quick-start AMI in ${region}`);
    return image.imageId;
  }
  return { call, must, records, waitForAll, al2023 };
}

export function spec(overrides: Partial<LaunchSpecInput> & Pick<LaunchSpecInput, 'imageId'>): LaunchSpecInput {
  return {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name: 'monitor-test',
    instanceType: 't3.micro',
    installScript: 'echo hello',
    ...overrides,
  };
}

/** The phases a record went through, from its timeline. */
export const phasesOf = (record: LaunchRecord): LaunchPhase[] => record.timeline.map((t) => t.phase);

/** Gaps in ms between consecutive requests. */
export const gapsOf = (requests: readonly ProxiedRequest[]) => requests.slice(1).map((r, i) => r.at - requests[i].at);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
