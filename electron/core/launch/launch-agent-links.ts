/**
 * The agent link of each launch: opened once the instance runs, its lines stored and announced, its final result
 * recorded, and the agent port closed again once the install is over.
 */
import type { AgentFinalEvent, AgentLineEvent } from '../../../installer-agent/src/protocol';
import type { LaunchRecord, LogLine } from '../../common/models';
import { fetchAgentHostKeys } from '../agent-link/agent-host-keys';
import type { PinnedCertificate } from '../agent-link/agent-http';
import { startAgentLink, type AgentLink } from '../agent-link/agent-link';
import type { AwsClientPool } from '../aws/clients';
import { parseHostKeyLine } from '../connect/host-keys';
import type { ProfileRegistry } from '../profiles/profile-registry';
import type { LaunchStore } from '../store/launch-store';
import type { SecretStore } from '../store/secret-store';
import { agentTokenKey } from './create-resources';
import { revokeAgentRule } from './launch-resources';
import type { LaunchRecords } from './launch-records';

export interface LaunchAgentLinksDeps {
  records: LaunchRecords;
  profiles: ProfileRegistry;
  clients: AwsClientPool;
  store: LaunchStore;
  secrets: SecretStore;
  onLog: (launchId: string, lines: LogLine[]) => void;
  log: (message: string, error?: unknown) => void;
  now: () => Date;
}

export interface LaunchAgentLinks {
  /** Opens the launch's link unless one is open or opening. */
  connect(launchId: string): Promise<void>;
  stop(launchId: string): void;
  dispose(): void;
}

export function createLaunchAgentLinks(deps: LaunchAgentLinksDeps): LaunchAgentLinks {
  const { records } = deps;
  const links = new Map<string, AgentLink>();
  // Every tick reports `running` again; an observation that arrives while the previous one is still opening the link
  // must not open a second link (two links append every line twice).
  const connecting = new Map<string, Promise<void>>();
  // Per open link: reads the instance's SSH host keys from the agent (at most one read at a time).
  const hostKeyReaders = new Map<string, () => Promise<void>>();

  function connect(launchId: string): Promise<void> {
    let pending = connecting.get(launchId);
    if (!pending) {
      pending = openLink(launchId).finally(() => connecting.delete(launchId));
      connecting.set(launchId, pending);
    }
    return pending;
  }

  /**
   * Where the link resumes: after the saved cursor, or after the last stored line when the app stopped between
   * appending lines and saving the cursor, so no line is appended twice.
   */
  async function resumeCursor(record: LaunchRecord): Promise<number> {
    const unsaved = await deps.store.readLog(record.id, record.agentCursor);
    return Math.max(record.agentCursor, unsaved.at(-1)?.seq ?? 0);
  }

  async function openLink(launchId: string): Promise<void> {
    if (links.has(launchId)) return;
    // The store reads a token missing on this machine back from Parameter Store (agent-token-recovery.ts).
    const token = await deps.secrets.get(agentTokenKey(launchId));
    if (!token) {
      await records.update(launchId, (r) => ({
        ...r,
        agentLink: {
          state: 'unauthorized',
          detail: 'The agent token of this launch is neither on this machine nor readable in Parameter Store.',
          since: deps.now().toISOString(),
        },
      }));
      return;
    }
    if (links.has(launchId)) return;
    const record = records.get(launchId);
    const context = await deps.profiles.get(record.spec.profileId);
    const pin = record.agentCertificate && {
      certPem: record.agentCertificate.pem,
      fingerprint256: record.agentCertificate.fingerprint256,
    };
    const baseUrl = () => {
      const current = records.find(launchId)!;
      const host = context.agentAddress({ instanceId: current.instanceId!, publicIp: current.publicIp });
      return host ? `${pin ? 'https' : 'http'}://${host}:${current.spec.agentPort}` : undefined;
    };
    hostKeyReaders.set(launchId, hostKeyReader(launchId, baseUrl, token, pin));
    const link = startAgentLink({
      token,
      pin,
      cursor: await resumeCursor(record),
      baseUrl,
      onConnected: () => void hostKeyReaders.get(launchId)?.(),
      onStatus: (agentLink) =>
        void records
          .update(launchId, (r) => ({ ...r, agentLink }))
          .catch((e) => deps.log('saving link status failed', e)),
      onLines: (lines, cursor) => receiveLines(launchId, lines, cursor),
      onFinal: (final) => receiveFinal(launchId, final),
    });
    links.set(launchId, link);
    void link.done.finally(() => links.get(launchId) === link && links.delete(launchId));
  }

  /**
   * Reads sshd's host keys from the agent over the pinned channel, once they are not yet on the record; the keys
   * become the only ones Kiln's terminal and scripts accept. A failure is logged and tried again at the final token.
   */
  function hostKeyReader(
    launchId: string,
    baseUrl: () => string | undefined,
    token: string,
    pin: PinnedCertificate | undefined,
  ) {
    let reading: Promise<void> | undefined;
    const read = async () => {
      const base = baseUrl();
      if (!base || records.get(launchId).hostKeys?.source === 'agent') return;
      const answer = await fetchAgentHostKeys({ baseUrl: base, token, pin, signal: AbortSignal.timeout(20_000) });
      const keys = answer.keys.flatMap((k) => parseHostKeyLine(`${k.type} ${k.key}`) ?? []);
      for (const problem of answer.problems)
        deps.log(`the agent of ${launchId} could not use ${problem.file}: ${problem.message}`);
      if (keys.length === 0) return;
      await records.update(launchId, (r) => ({
        ...r,
        hostKeys: { source: 'agent', keys, collectedAt: deps.now().toISOString() },
      }));
    };
    return () =>
      (reading ??= read()
        .catch((error: unknown) => deps.log(`could not read the SSH host keys of ${launchId} from its agent`, error))
        .finally(() => (reading = undefined)));
  }

  async function receiveLines(launchId: string, events: AgentLineEvent[], cursor: number): Promise<void> {
    const lines: LogLine[] = events.map(({ seq, ts, stream, text }) => ({ seq, ts, stream, text }));
    await deps.store.appendLog(launchId, lines);
    await records.update(launchId, (r) => ({ ...r, agentCursor: cursor }));
    await records.toPhase(launchId, 'installing');
    deps.onLog(launchId, lines);
  }

  async function receiveFinal(launchId: string, final: AgentFinalEvent): Promise<void> {
    await records.toPhase(launchId, 'installing');
    await records.update(launchId, (r) => ({
      ...r,
      agentCursor: Math.max(r.agentCursor, final.seq),
      outcome: { result: final.result, exitCode: final.exitCode, signal: final.signal, message: final.message },
    }));
    // The port closes next: the host keys must be read while it is open; before the outcome phase, so a launch shown
    // as finished already has them.
    await hostKeyReaders.get(launchId)?.();
    hostKeyReaders.delete(launchId);
    await records.toPhase(launchId, final.result === 'success' ? 'succeeded' : 'failed');
    await closeAgentPort(launchId);
  }

  async function closeAgentPort(launchId: string): Promise<void> {
    const record = records.get(launchId);
    if (record.spec.keepAgentOpen || record.agentRuleRevoked || !record.securityGroupId || !record.operatorCidr) return;
    try {
      const context = await deps.profiles.get(record.spec.profileId);
      await revokeAgentRule(context, deps.clients.get(context, record.spec.region).ec2, {
        groupId: record.securityGroupId,
        agentPort: record.spec.agentPort,
        operatorCidr: record.operatorCidr,
      });
      await records.update(launchId, (r) => ({ ...r, agentRuleRevoked: true }));
    } catch (error) {
      deps.log(`could not close the agent port of ${launchId}`, error);
    }
  }

  return {
    connect,
    stop: (launchId) => links.get(launchId)?.stop(),
    dispose() {
      for (const link of links.values()) link.stop();
      links.clear();
    },
  };
}
