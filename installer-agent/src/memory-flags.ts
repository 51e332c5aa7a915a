/**
 * V8 heap flags that keep the agent small on a small instance (applied by `memory-tuning.ts`). Node's defaults are
 * tuned for throughput on big machines: the young generation grows to 32 MB and the old generation may fill up with
 * garbage before a full collection, which took `serve` to ~140 MB RSS at 1,000,000 lines with under 15 MB live.
 * Measured on a 2-core machine with bench/agent-memory.bench.mjs:
 * - `--semi-space-growth-factor=1` keeps the young generation at its initial 2 MB, so scavenges run often and dead
 *   Buffers (pipe chunks, request bodies) are freed soon;
 * - `--heap-growing-percent=10` starts the next full collection once the heap has grown 10% past what was live;
 * - `--no-opt` (no optimizing compiler): the agent mostly waits for pipes, the disk and the network, and the
 *   compiler's memory stayed resident (~5-10 MB per process).
 * Result at 1,000,000 lines: `serve` ~72 MB and `run` ~74 MB RSS instead of ~150 and ~120 MB, at ~60,000 instead of
 * ~85,000 lines/s end to end (fsync per batch on both sides included).
 */
export const AGENT_V8_FLAGS: readonly string[] = [
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=10',
  '--no-opt',
];

/** The flags to apply: ours, or those of `override` (from the environment; empty means Node's defaults). Pure. */
export function v8Flags(override: string | undefined): string[] {
  return override === undefined ? [...AGENT_V8_FLAGS] : override.split(/\s+/).filter(Boolean);
}
