/** How the Advanced step's count and timer turn one spec into launches. Pure. */
import { launchChoices, type LaunchSpec } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';

/** What a batch launched, and the launch it stopped at (nothing after it was started). */
export interface BatchResult<T> {
  launched: T[];
  failed?: { name: string; error: KilnError };
}

const MAX_NAME = 255;

/**
 * One spec per instance: a count of N gives N specs named "name-1".."name-N", each with a count of 1, so every launch
 * record describes exactly what it launched. A count of 1 keeps the spec as it is.
 */
export function batchSpecs(spec: LaunchSpec): LaunchSpec[] {
  const { advanced } = launchChoices(spec);
  if (advanced.terminationProtection && advanced.autoTerminateAfterHours !== undefined) {
    throw new KilnFailure({
      code: 'ProtectedAutoTerminate',
      message: 'Termination protection would stop Kiln from terminating the instance when its timer ends.',
      remedy: 'Turn off termination protection, or the automatic termination.',
      field: 'advanced.terminationProtection',
    });
  }
  if (advanced.count <= 1) return [spec];
  const { keyPair } = launchChoices(spec);
  if (keyPair.mode === 'create' || keyPair.mode === 'import') {
    throw new KilnFailure({
      code: 'KeyPairPerBatch',
      message: `A new or imported key pair is made once, for one launch; ${advanced.count} launches cannot share it.`,
      remedy:
        'Create or import the key pair with one launch first, then use it as an existing key pair (or none) for the rest.',
      field: 'advanced.count',
    });
  }
  if (spec.dns) {
    throw new KilnFailure({
      code: 'DnsNamePerBatch',
      message: `A DNS name points at one instance; ${advanced.count} launches cannot share ${spec.dns.recordName}.`,
      remedy:
        'Launch one instance with the DNS name, or leave the name out for a batch (a fleet gets one name for many).',
      field: 'dns.recordName',
    });
  }
  const name = spec.name.trim();
  const longest = `${name}-${advanced.count}`;
  if (longest.length > MAX_NAME) {
    throw new KilnFailure({
      code: 'NameTooLong',
      message: `With ${advanced.count} instances the names would reach ${longest.length} characters; a Name tag holds at most ${MAX_NAME}.`,
      remedy: `Shorten the name to ${MAX_NAME - String(advanced.count).length - 1} characters or fewer.`,
      field: 'name',
    });
  }
  return Array.from({ length: advanced.count }, (_, index) => ({
    ...spec,
    name: `${name}-${index + 1}`,
    advanced: { ...advanced, count: 1 },
  }));
}

/** When Kiln terminates a launch started at `at`, if the spec sets a timer (ISO 8601). */
export function terminateAtFor(spec: LaunchSpec, at: Date): string | undefined {
  const hours = spec.advanced?.autoTerminateAfterHours;
  return hours === undefined ? undefined : new Date(at.getTime() + hours * 3_600_000).toISOString();
}

/** The KilnError a failed launch in a batch reports. */
export function batchError(error: unknown): KilnError {
  if (error instanceof KilnFailure) return error.error;
  return {
    code: 'LaunchFailed',
    message: `The launch failed: ${error instanceof Error ? error.message : String(error)}.`,
    remedy: 'Check the launches that did start, then try the rest again.',
  };
}
