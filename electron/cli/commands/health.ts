/**
 * `kiln alarms list|enable|remove`: a launch's recovery alarms, as the launch page's Health tab shows and changes
 * them (the same contract commands, the same refusal where EC2 cannot recover the instance).
 */
import type { LaunchAlarms } from '../../common/models';
import { EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderTable } from '../table';

interface AlarmRow {
  launchId: string;
  name: string;
  action: string;
  state: string;
  since: string;
}

export async function alarmsListCommand(context: CliContext, refs: string[]): Promise<number> {
  const launchIds =
    refs.length > 0 ? await Promise.all(refs.map(async (r) => (await context.findLaunch(r)).id)) : undefined;
  const launches = await context.must('health.alarms.list', { launchIds });
  printAlarms(context, launches);
  return launches.some((l) => l.readError) ? EXIT.failure : EXIT.ok;
}

export async function alarmsEnableCommand(
  context: CliContext,
  ref: string,
  options: { rebootOnly?: boolean },
): Promise<number> {
  const launch = await context.findLaunch(ref);
  // A refusal (no `recover` for this instance) created nothing: exit 2 like every other refusal.
  await context.must(
    'health.alarms.enable',
    { launchId: launch.id, rebootOnly: options.rebootOnly === true },
    EXIT.refused,
  );
  printAlarms(context, await context.must('health.alarms.list', { launchIds: [launch.id] }));
  return EXIT.ok;
}

export async function alarmsRemoveCommand(context: CliContext, ref: string): Promise<number> {
  const launch = await context.findLaunch(ref);
  const names = launch.recoveryAlarms ?? [];
  await context.must('health.alarms.disable', { launchId: launch.id });
  if (context.json) context.printJson(cliOutputs.alarmsRemoved, { launchId: launch.id, deleted: names });
  else
    context.out(names.length > 0 ? `Deleted ${names.join(', ')}\n` : `${launch.spec.name} had no recovery alarms.\n`);
  return EXIT.ok;
}

function printAlarms(context: CliContext, launches: LaunchAlarms[]): void {
  if (context.json) {
    context.printJson(cliOutputs.alarms, launches);
    return;
  }
  for (const unread of launches.filter((l) => l.readError)) {
    context.note(
      `kiln: could not read the alarms of ${unread.launchId} in ${unread.region}: ${unread.readError?.message}`,
    );
  }
  const rows = launches.flatMap((l) =>
    l.alarms.map((a): AlarmRow => ({
      launchId: l.launchId,
      name: a.name,
      action: a.action,
      state: a.state,
      since: a.since?.replace('T', ' ').slice(0, 19) ?? '-',
    })),
  );
  if (rows.length === 0) {
    context.note('No recovery alarms.');
    return;
  }
  context.out(
    renderTable<AlarmRow>(
      rows,
      [
        { header: 'LAUNCH', value: (r) => r.launchId, minWidth: 8 },
        { header: 'ALARM', value: (r) => r.name, minWidth: 12 },
        { header: 'ACTION', value: (r) => r.action },
        { header: 'STATE', value: (r) => r.state },
        { header: 'SINCE', value: (r) => r.since },
      ],
      context.width,
    ),
  );
}
