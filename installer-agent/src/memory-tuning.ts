/**
 * Heap settings that keep the agent small on a small instance, applied before any other module allocates (main.ts
 * imports this first). Node's defaults are tuned for throughput on big machines: the young generation grows to
 * 32 MB and the old generation is allowed to fill up with garbage before a full collection, which took `serve` to
 * ~140 MB RSS at 1,000,000 lines although less than 15 MB is live. Measured on a 2-core machine:
 * - `--semi-space-growth-factor=1` keeps the young generation at its initial 2 MB (scavenges run more often, so
 *   dead Buffers from pipes and requests are freed sooner);
 * - `--heap-growing-percent=10` starts the next full collection when the heap has grown 10% past what was live;
 * - `serve` also runs without the optimizing compiler (`--no-opt`): it mostly waits for the disk and the network,
 *   and its compile jobs' memory stayed resident (~10 MB); ingest still takes well over 50,000 lines/s.
 * `KILN_AGENT_V8_FLAGS` replaces these flags (empty: Node's defaults), for measurements.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags for a command (the first argument of the command line). Pure. */
export function v8FlagsFor(command: string | undefined, override: string | undefined): string[] {
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const flags = ['--semi-space-growth-factor=1', '--heap-growing-percent=10'];
  return command === 'serve' ? [...flags, '--no-opt'] : flags;
}

for (const flag of v8FlagsFor(process.argv[2], process.env.KILN_AGENT_V8_FLAGS)) setFlagsFromString(flag);
