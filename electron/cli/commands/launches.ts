/** `kiln list`, `show`, `logs`, `terminate`, `import`: the launches this workstation knows, through the contract. */
import type { LaunchRecord } from '../../common/models';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { onFirstInterrupt } from '../interrupt';
import { followLaunch } from '../launch-follow';
import { createLogPrinter, paintPhase } from '../log-printer';
import { cliOutputs, toLaunchSummary } from '../output-schemas';
import { renderFields, renderTable, type Column } from '../table';

const LAUNCH_COLUMNS: Column<LaunchRecord>[] = [
  { header: 'ID', value: (r) => r.id, minWidth: 8 },
  { header: 'NAME', value: (r) => r.spec.name, minWidth: 8 },
  { header: 'PHASE', value: (r) => r.phase, minWidth: 9 },
  { header: 'INSTANCE', value: (r) => r.instanceId ?? '-', minWidth: 10 },
  { header: 'STATE', value: (r) => r.instanceState ?? '-' },
  { header: 'REGION', value: (r) => r.spec.region },
  { header: 'CREATED', value: (r) => r.createdAt.replace('T', ' ').slice(0, 19) },
];

export function printLaunches(context: CliContext, records: readonly LaunchRecord[]): void {
  if (records.length === 0) return context.note('No launches.');
  context.out(renderTable(records, LAUNCH_COLUMNS, context.width));
}

export async function listCommand(context: CliContext): Promise<number> {
  const records = [...(await context.must('launch.list', {}))].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (context.json) context.printJson(cliOutputs.list, records.map(toLaunchSummary));
  else printLaunches(context, records);
  return EXIT.ok;
}

export async function showCommand(context: CliContext, ref: string): Promise<number> {
  const r = await context.findLaunch(ref);
  if (context.json) {
    context.printJson(cliOutputs.show, r);
    return EXIT.ok;
  }
  const lastBake = r.bakes?.at(-1);
  context.out(
    renderFields([
      ['Launch', r.id],
      ['Name', r.spec.name],
      ['Phase', paintPhase(context, r.phase)],
      ['Profile', r.spec.profileId],
      ['Region', r.spec.region],
      ['Image', r.spec.imageId],
      ['Type', r.spec.instanceType],
      ['Instance', r.instanceId],
      ['State', r.instanceState],
      ['Public IP', r.publicIp],
      ['Public DNS', r.publicDnsName],
      ['DNS name', r.dns && dnsLine(r.dns)],
      ['Status checks', r.statusChecks && `system ${r.statusChecks.system}, instance ${r.statusChecks.instance}`],
      ['Agent link', r.agentLink && `${r.agentLink.state}${r.agentLink.detail ? ` (${r.agentLink.detail})` : ''}`],
      [
        'Outcome',
        r.outcome &&
          `${r.outcome.result}${r.outcome.exitCode !== null ? `, exit code ${r.outcome.exitCode}` : ''}${r.outcome.message ? ` (${r.outcome.message})` : ''}`,
      ],
      ['Error', r.error && `${r.error.message}${r.error.remedy ? ` ${r.error.remedy}` : ''}`],
      ['Security group', r.securityGroupId && `${r.securityGroupId}${r.securityGroupDeleted ? ' (deleted)' : ''}`],
      ['Key pair', r.keyPairName && `${r.keyPairName}${r.keyPairDeleted ? ' (deleted)' : ''}`],
      ['Terminates at', r.terminateAt],
      [
        'Last bake',
        lastBake &&
          `${lastBake.request.name}: ${lastBake.phase} ${lastBake.images.map((i) => `${i.imageId} (${i.region}, ${i.state})`).join(', ')}`,
      ],
      ['Created', r.createdAt],
      ['Timeline', r.timeline.map((t) => `${t.phase} ${t.at.slice(11, 19)}`).join(' → ')],
      ...(r.warnings ?? []).map((w): [string, string] => ['Warning', w.message]),
    ]),
  );
  return EXIT.ok;
}

export async function logsCommand(
  context: CliContext,
  ref: string,
  options: { follow?: boolean; after: number },
): Promise<number> {
  const record = await context.findLaunch(ref);
  const backend = await context.backend();
  const printer = createLogPrinter(context, { progress: false, jsonLines: true });
  if (!options.follow) {
    for (const line of await context.must('launch.log', { launchId: record.id, after: options.after }))
      printer.line(line);
    return EXIT.ok;
  }
  const follower = followLaunch({ backend, launchId: record.id, after: options.after, sink: printer });
  onInterrupt(
    context,
    record,
    () => follower.cursor(),
    () => follower.stop(),
  );
  const done = await follower.done;
  return done.outcome?.result === 'success' ? EXIT.ok : EXIT.failure;
}

/**
 * Ctrl-C while following: the launch goes on (it runs in AWS, and the next Kiln resumes watching it); say how to
 * follow it again, then exit 130 without asking anything.
 */
export function onInterrupt(
  context: CliContext,
  record: Pick<LaunchRecord, 'id'>,
  cursor: () => number,
  stop: () => void,
  cleanup?: () => Promise<void>,
): void {
  onFirstInterrupt(() => {
    stop();
    if (!cleanup)
      context.note(
        `\nkiln: stopped following ${record.id}; the launch keeps running. Follow it again with:\n  kiln logs ${record.id} --follow --after ${cursor()}`,
      );
    setTimeout(() => process.exit(EXIT.interrupted), 60_000).unref();
    void (cleanup ? cleanup() : Promise.resolve())
      .catch((error: unknown) => context.note(`kiln: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => void context.close().finally(() => process.exit(EXIT.interrupted)));
  });
}

export async function terminateCommand(
  context: CliContext,
  refs: string[],
  options: { confirmName?: string },
): Promise<number> {
  const records = [];
  for (const ref of refs) records.push(await context.findLaunch(ref));
  const done: LaunchRecord[] = [];
  let code: number = EXIT.ok;
  for (const record of records) {
    const { protected: isProtected } = await context.must('launch.terminationProtection', { launchId: record.id });
    if (isProtected && options.confirmName !== record.spec.name) {
      context.note(
        `kiln: ${record.spec.name} (${record.id}) has termination protection; pass --confirm-name "${record.spec.name}" to terminate it.`,
      );
      code = EXIT.refused;
      continue;
    }
    const result = await (
      await context.backend()
    ).call('launch.terminate', {
      launchId: record.id,
      confirmName: isProtected ? options.confirmName : undefined,
    });
    if (result.ok) done.push(result.value);
    else {
      context.note(
        `kiln: ${record.id}: ${result.error.message}${result.error.remedy ? `\n  ${result.error.remedy}` : ''}`,
      );
      code = EXIT.failure;
    }
  }
  if (context.json) context.printJson(cliOutputs.terminate, done.map(toLaunchSummary));
  else printLaunches(context, done);
  return code;
}

export async function importCommand(context: CliContext): Promise<number> {
  const found = await context.must('launch.importFromAws', { profileId: await context.profileId() });
  if (context.json) context.printJson(cliOutputs.import, found.map(toLaunchSummary));
  else if (found.length === 0)
    context.note("Nothing to import: every Kiln launch in the profile's regions is known here.");
  else printLaunches(context, found);
  return EXIT.ok;
}

export function failIfMissing<T>(value: T | undefined, message: string, remedy?: string): T {
  if (value === undefined) throw new CliExit(EXIT.failure, { code: 'NotAvailable', message, remedy });
  return value;
}

/** A launch's DNS name, the address it holds and its state; a record taken down or removed holds none. */
export function dnsLine(dns: NonNullable<LaunchRecord['dns']>): string {
  if (dns.state === 'parked') return `${dns.recordName} (taken down while the instance is stopped)`;
  if (dns.state === 'deleted') return `${dns.recordName} (deleted)`;
  return `${dns.recordName} -> ${dns.value ?? '(no address yet)'} (${dns.state})`;
}
