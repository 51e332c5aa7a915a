/** `kiln profiles`, `kiln regions`, `kiln cleanup`: the account side, as the app's profile picker and Cleanup page. */
import type { CallerIdentity, Orphan, Profile } from '../../common/models';
import type { KilnError } from '../../common/result';
import { EXIT, type CliContext } from '../cli-context';
import { cliOutputs } from '../output-schemas';
import { renderTable } from '../table';

export async function profilesCommand(context: CliContext): Promise<number> {
  const backend = await context.backend();
  const rows: Array<{ profile: Profile; identity: CallerIdentity | null; error?: KilnError }> = [];
  for (const profile of await context.must('profiles.list', {})) {
    if (!profile.available) {
      rows.push({ profile, identity: null });
      continue;
    }
    const identity = await backend.call('profiles.identity', { profileId: profile.id });
    rows.push(identity.ok ? { profile, identity: identity.value } : { profile, identity: null, error: identity.error });
  }
  if (context.json) context.printJson(cliOutputs.profiles, rows);
  else
    context.out(
      renderTable(
        rows,
        [
          { header: 'PROFILE', value: (r) => r.profile.id, minWidth: 8 },
          { header: 'KIND', value: (r) => r.profile.credentialKind },
          { header: 'REGION', value: (r) => r.profile.defaultRegion ?? '-' },
          { header: 'ACCOUNT', value: (r) => r.identity?.account ?? '-' },
          { header: 'EXPIRES', value: (r) => r.identity?.expiration?.replace('T', ' ').slice(0, 19) ?? '-' },
          {
            header: 'IDENTITY',
            value: (r) =>
              r.identity?.arn ??
              (r.profile.available ? `unusable: ${r.error?.message ?? ''}` : `unavailable: ${r.profile.reason ?? ''}`),
            minWidth: 12,
          },
        ],
        context.width,
      ),
    );
  return EXIT.ok;
}

export async function regionsCommand(context: CliContext): Promise<number> {
  const regions = await context.must('regions.list', { profileId: await context.profileId() });
  if (context.json) context.printJson(cliOutputs.regions, regions);
  else
    context.out(
      renderTable(
        regions,
        [
          { header: 'REGION', value: (r) => r.name },
          { header: 'OPT-IN', value: (r) => r.optInStatus ?? '-' },
        ],
        context.width,
      ),
    );
  return EXIT.ok;
}

export async function cleanupCommand(context: CliContext, options: { dryRun?: boolean }): Promise<number> {
  const profileId = await context.profileId();
  const orphans = await context.must('orphans.list', { profileId });
  const results =
    options.dryRun || orphans.length === 0
      ? []
      : await context.must('orphans.clean', {
          profileId,
          items: orphans.map(({ kind, id, region }) => ({ kind, id, region })),
        });
  if (context.json) {
    context.printJson(cliOutputs.cleanup, { dryRun: options.dryRun === true, orphans, results });
  } else if (orphans.length === 0) {
    context.note('Nothing Kiln-tagged is left over.');
  } else {
    const outcome = new Map(results.map((r) => [`${r.kind}:${r.id}`, r]));
    context.out(
      renderTable<Orphan>(
        orphans,
        [
          { header: 'KIND', value: (o) => o.kind },
          { header: 'ID', value: (o) => o.id, minWidth: 10 },
          { header: 'REGION', value: (o) => o.region },
          { header: 'LAUNCH', value: (o) => o.launchId },
          {
            header: 'USD/DAY',
            value: (o) => (o.estimatedCostPerDay === null ? '-' : o.estimatedCostPerDay.toFixed(2)),
          },
          {
            header: options.dryRun ? 'WOULD' : 'RESULT',
            value: (o) => {
              if (options.dryRun) return 'delete';
              const r = outcome.get(`${o.kind}:${o.id}`);
              return r ? (r.ok ? 'deleted' : `kept: ${r.message ?? ''}`) : '-';
            },
          },
        ],
        context.width,
      ),
    );
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failure;
}
