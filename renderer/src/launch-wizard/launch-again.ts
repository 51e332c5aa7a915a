/** "Launch again": the spec of a past launch, made ready to launch once more. */
import type { LaunchRecord, LaunchSpecInput } from '../../../electron/common/models';

/**
 * The record's spec for one more instance (a batch's count is not repeated), with a fresh name, and a key pair Kiln
 * created or imported for that launch used as an existing one (it cannot be created twice). An imported
 * record's script is only a placeholder comment (AWS does not keep it), so it comes back empty: the wizard then asks
 * for the script instead of launching a comment.
 */
export function launchAgainSpec(record: LaunchRecord, takenNames: readonly string[]): LaunchSpecInput {
  const { spec } = record;
  const keyPair = spec.keyPair;
  return {
    ...spec,
    name: nextLaunchName(spec.name, takenNames),
    ...(record.imported ? { installScript: '' } : {}),
    ...(spec.advanced ? { advanced: { ...spec.advanced, count: 1 } } : {}),
    ...(spec.network ? { network: { ...spec.network, confirmOpenToInternet: false } } : {}),
    // Even when a terminate deleted it: the wizard checks the choice against the region's key pairs, and sets a
    // missing one to None saying so, instead of changing it here without a word.
    keyPair:
      keyPair && (keyPair.mode === 'create' || keyPair.mode === 'import')
        ? record.keyPairName
          ? { mode: 'existing', name: record.keyPairName }
          : { mode: 'none' }
        : keyPair,
  };
}

/** "web-1" → "web-2", "web" → "web-2": the next numbered name that no launch uses yet. */
export function nextLaunchName(name: string, takenNames: readonly string[]): string {
  const match = /^(.*?)-(\d+)$/.exec(name);
  const base = match ? match[1] : name;
  const taken = new Set(takenNames);
  for (let n = match ? Number(match[2]) + 1 : 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate) && candidate.length <= 255) return candidate;
    if (candidate.length > 255) return name;
  }
}
