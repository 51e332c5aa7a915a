/**
 * `kiln fleet create|list|scale|rollout|delete`: fleets from the command line, through the same contract commands as
 * the Fleets page (the same preview, refusals and rollback). A refusal exits 2 and creates nothing.
 */
import { readFile } from 'node:fs/promises';
import type { FleetCapacity, FleetRecord, FleetSpecInput, FleetStatus } from '../../common/models';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderTable } from '../table';

const refuse = (code: string, message: string, remedy?: string): never => {
  throw new CliExit(EXIT.refused, { code, message, remedy });
};

export interface FleetCreateOptions {
  spec: string;
  name?: string;
  image?: string;
  dryRun?: boolean;
}

/** The fleet spec file, with --name and --image over it and the default profile and region under it. */
async function readFleetSpec(context: CliContext, options: FleetCreateOptions): Promise<FleetSpecInput> {
  const text = await readFile(options.spec, 'utf8').catch((error: NodeJS.ErrnoException) =>
    refuse('SpecUnreadable', `Cannot read ${options.spec}: ${error.code ?? error.message}.`),
  );
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return refuse('SpecNotJson', `${options.spec} is not JSON: ${(error as Error).message}.`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    refuse('SpecNotObject', `${options.spec} must hold one JSON object, a fleet spec (README, "Fleets").`);
  if (options.name !== undefined) spec.name = options.name;
  if (options.image !== undefined) spec.imageId = options.image;
  if (typeof spec.profileId !== 'string') spec.profileId = await context.profileId();
  if (typeof spec.region !== 'string') {
    const profile = (await context.must('profiles.list', {})).find((p) => p.id === spec.profileId);
    if (profile?.defaultRegion) spec.region = profile.defaultRegion;
  }
  return spec as FleetSpecInput;
}

export async function fleetCreateCommand(context: CliContext, options: FleetCreateOptions): Promise<number> {
  const spec = await readFleetSpec(context, options);
  const plan = await context.must('fleets.preview', { spec }, EXIT.refused);
  if (options.dryRun) {
    if (context.json) context.printJson(cliOutputs.fleetPlan, plan);
    else {
      for (const resource of plan.resources) context.out(`${resource.kind}  ${resource.name}: ${resource.purpose}\n`);
      context.out(`Cost per hour: ${usd(plan.costPerHour.atMin)} at min, ${usd(plan.costPerHour.atMax)} at max\n`);
    }
    return EXIT.ok;
  }
  context.note(`Creating ${plan.resources.length} resources…`);
  const fleet = await context.must('fleets.create', { spec }, EXIT.failure);
  if (context.json) context.printJson(cliOutputs.fleet, fleet);
  else context.out(`${fleet.id} ${fleet.spec.name} is ${fleet.state}${fleet.dnsName ? ` at ${fleet.dnsName}` : ''}\n`);
  return EXIT.ok;
}

export async function fleetListCommand(context: CliContext): Promise<number> {
  const fleets = await context.must('fleets.list', {});
  const statuses = fleets.length > 0 ? await context.must('fleets.status', {}) : [];
  if (context.json) {
    context.printJson(
      cliOutputs.fleets,
      fleets.map((fleet) => ({ fleet, status: statuses.find((s) => s.fleetId === fleet.id) ?? null })),
    );
    return EXIT.ok;
  }
  if (fleets.length === 0) {
    context.note('No fleets.');
    return EXIT.ok;
  }
  type Row = { fleet: FleetRecord; status: FleetStatus | undefined };
  context.out(
    renderTable<Row>(
      fleets.map((fleet) => ({ fleet, status: statuses.find((s) => s.fleetId === fleet.id) })),
      [
        { header: 'FLEET', value: (r) => r.fleet.id, minWidth: 11 },
        { header: 'NAME', value: (r) => r.fleet.spec.name, minWidth: 6 },
        { header: 'STATE', value: (r) => r.fleet.state },
        { header: 'REGION', value: (r) => r.fleet.spec.region },
        { header: 'IMAGE', value: (r) => r.fleet.spec.imageId },
        {
          header: 'MIN/DESIRED/MAX',
          value: (r) => {
            const c = r.status?.capacity ?? r.fleet.spec.capacity;
            return `${c.min}/${c.desired}/${c.max}`;
          },
        },
        {
          header: 'IN SERVICE',
          value: (r) => (r.status ? `${r.status.inService} (+${r.status.pending} pending)` : '-'),
        },
        { header: 'UNHEALTHY', value: (r) => String(r.status?.unhealthy ?? '-') },
        {
          header: 'ROLLOUT',
          value: (r) => (r.status?.refresh ? `${r.status.refresh.status} ${r.status.refresh.percentage}%` : '-'),
        },
        { header: 'DNS', value: (r) => r.fleet.spec.dns?.recordName ?? r.fleet.dnsName ?? '-' },
      ],
      context.width,
    ),
  );
  return EXIT.ok;
}

/** A fleet by id, or by a name no other fleet has. */
async function findFleet(context: CliContext, ref: string): Promise<FleetRecord> {
  const fleets = await context.must('fleets.list', {});
  const byId = fleets.find((f) => f.id === ref);
  if (byId) return byId;
  const named = fleets.filter((f) => f.spec.name === ref);
  if (named.length === 1) return named[0]!;
  return refuse(
    named.length > 1 ? 'AmbiguousFleet' : 'FleetNotFound',
    named.length > 1 ? `${named.length} fleets are named "${ref}".` : `There is no fleet "${ref}".`,
    named.length > 1 ? 'Give the fleet id (kiln fleet list).' : 'Run `kiln fleet list`.',
  );
}

function parseCapacity(fleet: FleetRecord, options: { min?: string; desired?: string; max?: string }): FleetCapacity {
  const number = (flag: string, text: string | undefined, current: number) => {
    if (text === undefined) return current;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      refuse('InvalidOption', `--${flag} is a whole number ≥ 0, not "${text}".`);
    return value;
  };
  const current = fleet.spec.capacity;
  if (options.min === undefined && options.desired === undefined && options.max === undefined)
    refuse('InvalidOption', 'Give --min, --desired or --max.');
  return {
    min: number('min', options.min, current.min),
    desired: number('desired', options.desired, current.desired),
    max: number('max', options.max, current.max),
  };
}

export async function fleetScaleCommand(
  context: CliContext,
  ref: string,
  options: { min?: string; desired?: string; max?: string },
): Promise<number> {
  const fleet = await findFleet(context, ref);
  const capacity = parseCapacity(fleet, options);
  const scaled = await context.must('fleets.scale', { fleetId: fleet.id, capacity }, EXIT.refused);
  if (context.json) context.printJson(cliOutputs.fleet, scaled);
  else context.out(`${scaled.spec.name}: min ${capacity.min}, desired ${capacity.desired}, max ${capacity.max}\n`);
  return EXIT.ok;
}

export async function fleetRolloutCommand(
  context: CliContext,
  ref: string,
  options: { image: string; minHealthy?: string; launchFirst?: boolean; wait?: boolean; pollMs?: number },
): Promise<number> {
  const minHealthy = options.minHealthy === undefined ? undefined : Number(options.minHealthy);
  if (minHealthy !== undefined && (!Number.isInteger(minHealthy) || minHealthy < 0 || minHealthy > 100))
    refuse('InvalidOption', `--min-healthy is a whole percentage from 0 to 100, not "${options.minHealthy}".`);
  if (minHealthy !== undefined && options.launchFirst)
    refuse('InvalidOption', '--launch-first keeps every instance in service: leave --min-healthy out.');
  const fleet = await findFleet(context, ref);
  const rolled = await context.must(
    'fleets.rollout',
    { fleetId: fleet.id, imageId: options.image, minHealthyPercentage: minHealthy, launchFirst: options.launchFirst },
    EXIT.refused,
  );
  let status: FleetStatus | undefined;
  if (options.wait) {
    let shown = -1;
    for (;;) {
      status = (await context.must('fleets.status', { fleetIds: [fleet.id] }))[0];
      const refresh = status?.refresh;
      if (refresh && refresh.percentage !== shown) {
        shown = refresh.percentage;
        context.note(`${fleet.spec.name}: ${refresh.status} ${refresh.percentage}%`);
      }
      if (!refresh || !['Pending', 'InProgress'].includes(refresh.status)) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5_000));
    }
  }
  if (context.json) context.printJson(cliOutputs.fleetRollout, { fleet: rolled, refresh: status?.refresh ?? null });
  else
    context.out(
      `${rolled.spec.name}: rolling out ${options.image} (template version ${rolled.rollout?.templateVersion})\n`,
    );
  const failed = status?.refresh && status.refresh.status !== 'Successful';
  return failed ? EXIT.failure : EXIT.ok;
}

export async function fleetDeleteCommand(context: CliContext, ref: string): Promise<number> {
  const fleet = await findFleet(context, ref);
  context.note(
    `Deleting ${fleet.resources.length} resources of ${fleet.spec.name} (the group is scaled to zero first)…`,
  );
  const deleted = await context.must('fleets.delete', { fleetId: fleet.id }, EXIT.failure);
  if (context.json) context.printJson(cliOutputs.fleet, deleted);
  else context.out(`Deleted ${fleet.spec.name} (${fleet.id}) and everything Kiln created for it.\n`);
  return EXIT.ok;
}

function usd(value: number | null): string {
  return value === null ? 'unknown' : `$${value.toFixed(4)}`;
}
