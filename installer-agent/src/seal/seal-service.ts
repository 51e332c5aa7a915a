/**
 * The use case behind POST /v1/seal: refuses while the install runs or when the config cannot say what to remove,
 * then shuts every door (no request is served once a seal starts), closes the journal, seals, and tells `serve` how
 * to stop once the answer is out.
 */
import type { Journal } from '../journal/journal';
import type { Logger } from '../logger';
import type { AgentConfig } from '../protocol/config';
import { SealRequest, type SealResponse } from '../protocol/seal';
import { fail, ok, type Result } from '../result';
import { describeZodError } from '../text/describe-zod-error';
import { sealInstance, type SealDeps } from './seal-instance';
import type { AgentStop, SealTarget } from './seal-plan';

export type SealErrorCode = 'bad-request' | 'install-running' | 'seal-unsupported' | 'sealed';

export interface SealService {
  /** True from the moment a seal starts changing the instance; from then on every request is refused. */
  readonly sealed: boolean;
  seal(body: unknown): Promise<Result<SealResponse, SealErrorCode>>;
  /** The seal's answer is out (or its client went away): `whenSealed` resolves. Ignored until a seal has finished. */
  answered(): void;
  /** Resolves with how the agent stops, once a seal has answered. */
  readonly whenSealed: Promise<AgentStop>;
}

export interface SealServiceDeps extends Omit<SealDeps, 'beforeChanges'> {
  config: AgentConfig;
  /** The file `serve` loaded the config from. */
  configPath: string;
  journal: Pick<Journal, 'final' | 'close'>;
  log: Logger;
}

/** The seal's target, or null when the config (from an older bootstrap) lacks root, service or firstBootReset. Pure. */
export function sealTargetOf(config: AgentConfig, configPath: string): SealTarget | null {
  const { root, service, firstBootReset } = config;
  if (!root || !service || !firstBootReset) return null;
  return { root, service, firstBootReset, configPath, dataDir: config.dataDir, ...(config.tls && { tls: config.tls }) };
}

export const ALREADY_SEALED_MESSAGE =
  'This agent has sealed the instance for imaging and is stopping; it accepts nothing more. Launch a new instance to install again.';

export function createSealService(deps: SealServiceDeps): SealService {
  let sealed = false;
  /** Set once the seal's work is over (whatever its outcome), so an answer to another request cannot stop it early. */
  let finished = false;
  let stop: AgentStop = { kind: 'exit' };
  let release: (stop: AgentStop) => void = () => undefined;
  const whenSealed = new Promise<AgentStop>((resolve) => (release = resolve));

  return {
    get sealed() {
      return sealed;
    },
    whenSealed,
    answered() {
      if (sealed && finished) release(stop);
    },

    async seal(body) {
      if (sealed) return fail({ code: 'sealed', message: ALREADY_SEALED_MESSAGE });
      const request = SealRequest.safeParse(body === undefined ? {} : body);
      if (!request.success) {
        return fail({
          code: 'bad-request',
          message: `Bad seal request: ${describeZodError(request.error, { root: '(body)' })}`,
          remedy: 'Send {"keepAgent": false, "generalize": false} (both optional); see installer-agent/README.md.',
        });
      }
      const target = sealTargetOf(deps.config, deps.configPath);
      if (!target) {
        return fail({
          code: 'seal-unsupported',
          message:
            `This agent cannot seal: its config ${deps.configPath} has no root, service and firstBootReset ` +
            '(it was written by an older Kiln bootstrap), so the agent does not know what to remove or how to stop.',
          remedy:
            'Launch the instance again with this version of Kiln, or remove the agent and its files yourself before imaging.',
        });
      }
      const final = deps.journal.final;
      if (final === null) {
        return fail({
          code: 'install-running',
          message: 'The install is still running (no final token yet); sealing now would pull its files from under it.',
          remedy: 'Wait until the install has finished, then seal.',
        });
      }
      // Set before the first await, so a second seal arriving meanwhile is refused.
      sealed = true;
      const { keepAgent, generalize } = request.data;
      deps.log.info(
        `sealing the instance (keepAgent: ${keepAgent}, generalize: ${generalize}); install ended with ${final.result}`,
      );
      let outcome: Awaited<ReturnType<typeof sealInstance>>;
      try {
        outcome = await sealInstance(
          target,
          { keepAgent, generalize },
          { ...deps, beforeChanges: () => deps.journal.close() },
        );
      } finally {
        finished = true;
      }
      if (!outcome.ok) {
        sealed = false;
        finished = false;
        return outcome;
      }
      stop = outcome.value.stop;
      const { removed, kept, actions } = outcome.value.response;
      const failed = actions.filter((action) => !action.ok);
      deps.log.info(
        `sealed: removed ${removed.length} path(s), kept ${kept.length}, ran ${actions.length} action(s), ${failed.length} failed`,
      );
      for (const action of failed) deps.log.warn(`seal: ${action.command}: ${action.detail ?? 'failed'}`);
      return ok(outcome.value.response);
    },
  };
}
