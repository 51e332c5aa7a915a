/** What tests that start real processes check after a stop: which processes a tree had, and whether one still runs. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every process below `pid` now (children, their children, …). */
export function descendants(pid: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const pairs = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const result: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) {
      if (ppid !== parent) continue;
      result.push(child);
      walk(child);
    }
  };
  walk(pid);
  return result;
}

/** True while `pid` runs; a zombie has ended (only its parent has not collected it yet). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}
