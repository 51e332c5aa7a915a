/**
 * What a bench promises, checked: each target is compared with its measurement and ends the bench as a PASS or MISS
 * line (and the same verdicts go into its JSON). A measurement that is missing (NaN) is a MISS, never a pass.
 */
export interface Target {
  name: string;
  measured: number;
  /** `max`: the measurement must be at most `limit`; `min`: at least. */
  kind: 'max' | 'min';
  limit: number;
  unit: string;
}

export interface TargetVerdict extends Target {
  result: 'PASS' | 'MISS';
}

export function checkTargets(targets: Target[]): TargetVerdict[] {
  return targets.map((target) => {
    const met =
      Number.isFinite(target.measured) &&
      (target.kind === 'max' ? target.measured <= target.limit : target.measured >= target.limit);
    return { ...target, result: met ? 'PASS' : 'MISS' };
  });
}

export function verdictLines(verdicts: TargetVerdict[]): string[] {
  const figure = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return verdicts.map(
    (v) =>
      `${v.result} ${v.name}: ${figure(v.measured)} ${v.unit} (target ${v.kind === 'max' ? '≤' : '≥'} ${figure(v.limit)} ${v.unit})`,
  );
}

/**
 * Lines 1…total were written; `numbers` are the line numbers that arrived (in any order, repeats included). Lost
 * lines never arrived; duplicates arrived more than once; strays are numbers that were never written.
 */
export function countLoss(
  total: number,
  numbers: Iterable<number>,
): { received: number; lost: number; duplicates: number; strays: number } {
  const seen = new Uint8Array(total + 1);
  let received = 0;
  let duplicates = 0;
  let strays = 0;
  for (const n of numbers) {
    received += 1;
    if (!Number.isInteger(n) || n < 1 || n > total) strays += 1;
    else if (seen[n]) duplicates += 1;
    else seen[n] = 1;
  }
  let lost = 0;
  for (let n = 1; n <= total; n++) if (!seen[n]) lost += 1;
  return { received, lost, duplicates, strays };
}
