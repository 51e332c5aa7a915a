/**
 * Which launch an operator means by an ID on the command line: the launch id, the instance id, the instance's
 * Name, or a prefix of the launch id that only one launch has. Ambiguity is refused with the candidates named.
 */
import type { LaunchRecord } from '../common/models';
import type { KilnError } from '../common/result';

export type LaunchMatch = { ok: true; record: LaunchRecord } | { ok: false; error: KilnError };

export function resolveLaunch(records: readonly LaunchRecord[], ref: string): LaunchMatch {
  const wanted = ref.trim();
  const exact = records.find((r) => r.id === wanted || r.instanceId === wanted);
  if (exact) return { ok: true, record: exact };
  for (const candidates of [
    records.filter((r) => r.spec.name === wanted),
    wanted.length >= 4 ? records.filter((r) => r.id.startsWith(wanted)) : [],
  ]) {
    const [only] = candidates;
    if (only && candidates.length === 1) return { ok: true, record: only };
    if (candidates.length > 1) {
      return {
        ok: false,
        error: {
          code: 'AmbiguousLaunch',
          message: `"${wanted}" names ${candidates.length} launches: ${candidates
            .slice(0, 5)
            .map((r) => `${r.id} (${r.spec.name}, ${r.phase})`)
            .join(', ')}${candidates.length > 5 ? ', …' : ''}.`,
          remedy: 'Use the launch id or the instance id instead.',
        },
      };
    }
  }
  return {
    ok: false,
    error: {
      code: 'LaunchNotFound',
      message: `No launch is known by "${wanted}".`,
      remedy:
        'Run `kiln list` for the launch ids, instance ids and names; `kiln import` finds launches made elsewhere.',
    },
  };
}
