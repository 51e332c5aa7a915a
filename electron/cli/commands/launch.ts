/**
 * `kiln launch`: the wizard's launch from a spec file or a saved preset, with the wizard's refusals (the contract
 * parses the spec and the backend runs the same preflight; a refusal exits 2 and creates nothing). `--follow` prints
 * the install log and exits with the result; `--on-success` / `--on-failure` say what happens to the instance then.
 */
import { readFile } from 'node:fs/promises';
import type { LaunchRecord, LaunchSpecInput } from '../../common/models';
import type { KilnError } from '../../common/result';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { onFirstInterrupt } from '../interrupt';
import { followLaunch, type Follower } from '../launch-follow';
import { createLogPrinter } from '../log-printer';
import { cliOutputs, toLaunchSummary } from '../output-schemas';
import { bakeLaunch } from '../bake-launch';
import { printLaunches } from './launches';

export interface LaunchOptions {
  spec?: string;
  preset?: string;
  name?: string;
  count?: string;
  /** The DNS name, given together: the hosted zone id and the record name inside it. */
  dnsZone?: string;
  dnsName?: string;
  follow?: boolean;
  onSuccess?: string;
  onFailure?: string;
  imageName?: string;
}

type AfterAction = { launchId: string; action: string; ok: boolean; message?: string };

const refuse = (code: string, message: string, remedy?: string): never => {
  throw new CliExit(EXIT.refused, { code, message, remedy });
};

/** `salvage=DURATION` as whole hours: 90m, 2h, 1d; the contract allows 1 to 168. */
export function parseSalvageHours(text: string): number | undefined {
  const match = /^(\d+)\s*(m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const hours = match[2] === 'd' ? value * 24 : match[2] === 'm' ? Math.ceil(value / 60) : value;
  return hours >= 1 && hours <= 168 ? hours : undefined;
}

export function parseAfterOptions(options: LaunchOptions): {
  onSuccess: 'keep' | 'terminate' | 'bake';
  onFailure: { action: 'keep' | 'terminate' } | { action: 'salvage'; hours: number };
} {
  const onSuccess = options.onSuccess ?? 'keep';
  if (onSuccess !== 'keep' && onSuccess !== 'terminate' && onSuccess !== 'bake')
    refuse('InvalidOption', `--on-success is keep, terminate or bake, not "${onSuccess}".`);
  const failure = options.onFailure ?? 'keep';
  let onFailure: { action: 'keep' | 'terminate' } | { action: 'salvage'; hours: number };
  if (failure === 'keep' || failure === 'terminate') onFailure = { action: failure };
  else {
    const hours = failure.startsWith('salvage=') ? parseSalvageHours(failure.slice('salvage='.length)) : undefined;
    if (hours === undefined)
      refuse(
        'InvalidOption',
        `--on-failure is keep, terminate or salvage=DURATION (e.g. salvage=4h, 1 hour to 7 days), not "${failure}".`,
      );
    onFailure = { action: 'salvage', hours: hours! };
  }
  if ((options.onSuccess || options.onFailure) && !options.follow)
    refuse('InvalidOption', '--on-success and --on-failure act when the install ends: add --follow.');
  return { onSuccess: onSuccess as 'keep' | 'terminate' | 'bake', onFailure: onFailure! };
}

/** The spec to launch: the file or the preset, then --name, --count and the DNS name, then the default profile and its region. */
export async function readLaunchSpec(context: CliContext, options: LaunchOptions): Promise<LaunchSpecInput> {
  if (Boolean(options.spec) === Boolean(options.preset))
    refuse('InvalidOption', 'Give either --spec FILE.json or --preset NAME.');
  let spec: Record<string, unknown>;
  if (options.spec) {
    const text = await readFile(options.spec, 'utf8').catch((error: NodeJS.ErrnoException) =>
      refuse('SpecUnreadable', `Cannot read ${options.spec}: ${error.code ?? error.message}.`),
    );
    try {
      spec = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      return refuse('SpecNotJson', `${options.spec} is not JSON: ${(error as Error).message}.`);
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
      refuse('SpecNotObject', `${options.spec} must hold one JSON object, a launch spec.`);
  } else {
    const preset = (await context.must('presets.list', {})).find((p) => p.name === options.preset);
    if (!preset)
      refuse(
        'PresetNotFound',
        `There is no preset named "${options.preset}".`,
        "Presets are saved from the wizard's Review step.",
      );
    spec = { ...preset!.spec };
  }
  if (options.name !== undefined) spec.name = options.name;
  if (options.count !== undefined) {
    const count = Number(options.count);
    if (!Number.isInteger(count)) refuse('InvalidOption', `--count is a whole number, not "${options.count}".`);
    spec.advanced = { ...(spec.advanced as object | undefined), count };
  }
  if ((options.dnsZone === undefined) !== (options.dnsName === undefined))
    refuse('InvalidOption', '--dns-zone and --dns-name go together: the hosted zone id and the name inside it.');
  if (options.dnsZone !== undefined) spec.dns = { hostedZoneId: options.dnsZone, recordName: options.dnsName };
  if (typeof spec.profileId !== 'string') spec.profileId = await context.profileId();
  if (typeof spec.region !== 'string') {
    const profile = (await context.must('profiles.list', {})).find((p) => p.id === spec.profileId);
    if (profile?.defaultRegion) spec.region = profile.defaultRegion;
  }
  return spec as LaunchSpecInput;
}

export async function launchCommand(context: CliContext, options: LaunchOptions): Promise<number> {
  const after = parseAfterOptions(options);
  const spec = await readLaunchSpec(context, options);
  const count = spec.advanced?.count ?? 1;
  let launched: LaunchRecord[];
  let failed: { name: string; error: KilnError } | undefined;
  if (count > 1) {
    ({ launched, failed } = await context.must('launch.startBatch', { spec }, EXIT.refused));
  } else {
    launched = [await context.must('launch.start', { spec }, EXIT.refused)];
  }
  if (failed) context.note(`kiln: the batch stopped at ${failed.name}: ${failed.error.message}`);
  if (!options.follow) {
    if (context.json)
      context.printJson(cliOutputs.launch, { launches: launched.map(toLaunchSummary), failed, after: [] });
    else {
      printLaunches(context, launched);
      const first = launched[0];
      if (first) context.note(`Follow the install log with: kiln logs ${first.id} --follow`);
      if ((await context.backend()).mode === 'in-process')
        context.note('No Kiln app runs on this data directory: the next kiln command or app start watches it again.');
    }
    return failed ? EXIT.failure : EXIT.ok;
  }

  const backend = await context.backend();
  const followers = new Map<string, Follower>();
  for (const record of launched) {
    const sink = createLogPrinter(context, { prefix: launched.length > 1 ? record.spec.name : undefined });
    followers.set(record.id, followLaunch({ backend, launchId: record.id, after: 0, sink }));
  }
  onFirstInterrupt(() => {
    for (const [id, follower] of followers) {
      follower.stop();
      context.note(
        `\nkiln: stopped following ${id}; the launch keeps running. Follow it again with:\n  kiln logs ${id} --follow --after ${follower.cursor()}`,
      );
    }
    setTimeout(() => process.exit(EXIT.interrupted), 30_000).unref();
    void context.close().finally(() => process.exit(EXIT.interrupted));
  });
  const finals = await Promise.all([...followers.values()].map((f) => f.done));
  const actions: AfterAction[] = [];
  for (const record of finals) {
    actions.push(...(await afterInstall(context, record, after, options)));
  }
  await settleInProcess(
    context,
    finals.map((r) => r.id),
  );
  const current = await context.must('launch.list', {});
  if (context.json) {
    context.printJson(cliOutputs.launch, {
      launches: finals.map((r) => toLaunchSummary(current.find((c) => c.id === r.id) ?? r)),
      failed,
      after: actions,
    });
  }
  const allSucceeded = finals.every((r) => r.outcome?.result === 'success');
  return allSucceeded && !failed && actions.every((a) => a.ok) ? EXIT.ok : EXIT.failure;
}

async function afterInstall(
  context: CliContext,
  record: LaunchRecord,
  after: ReturnType<typeof parseAfterOptions>,
  options: LaunchOptions,
): Promise<AfterAction[]> {
  const backend = await context.backend();
  const report = (action: string, result: { ok: boolean; error?: KilnError }): AfterAction[] => {
    if (!result.ok) context.note(`kiln: ${action} of ${record.id} failed: ${result.error?.message ?? ''}`);
    return [{ launchId: record.id, action, ok: result.ok, message: result.error?.message }];
  };
  if (record.outcome?.result === 'success') {
    if (after.onSuccess === 'terminate')
      return report('terminate', await backend.call('launch.terminate', { launchId: record.id }));
    if (after.onSuccess === 'bake') {
      const imageName =
        options.imageName ?? `${record.spec.name}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}`;
      try {
        const images = await bakeLaunch(context, record, { imageName, copyTo: [] });
        context.note(`kiln: baked ${images.map((i) => `${i.imageId} (${i.region})`).join(', ')}`);
        return [{ launchId: record.id, action: 'bake', ok: true, message: images.map((i) => i.imageId).join(' ') }];
      } catch (error) {
        return report('bake', {
          ok: false,
          error: error instanceof CliExit ? error.error : { code: 'BakeFailed', message: String(error) },
        });
      }
    }
    return [];
  }
  if (after.onFailure.action === 'terminate')
    return report('terminate', await backend.call('launch.terminate', { launchId: record.id }));
  if (after.onFailure.action === 'salvage') {
    const result = await backend.call('launch.keepForSalvage', { launchId: record.id, hours: after.onFailure.hours });
    if (result.ok) context.note(`kiln: ${record.id} is kept for salvage until ${result.value.terminateAt}.`);
    return report(`salvage ${after.onFailure.hours}h`, result);
  }
  return [];
}

/**
 * In this process the backend stops with the command: let it finish what follows the result (closing the agent
 * port, a terminate), so nothing waits for the next start of Kiln. A running app does this by itself.
 */
export async function settleInProcess(context: CliContext, launchIds: string[], timeoutMs = 20_000): Promise<void> {
  if ((await context.backend()).mode !== 'in-process') return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const records = (await context.must('launch.list', {})).filter((r) => launchIds.includes(r.id));
    const unsettled = records.filter(
      (r) =>
        r.phase === 'terminating' ||
        ((r.phase === 'succeeded' || r.phase === 'failed') && !r.agentRuleRevoked && !r.spec.keepAgentOpen),
    );
    if (unsettled.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
