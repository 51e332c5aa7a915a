/**
 * Part of the entry: applies the agent's V8 heap flags (see `memory-flags.ts`) before any other module allocates,
 * which is why main.ts imports it first. `KILN_AGENT_V8_FLAGS` replaces them, for measurements.
 */
import { setFlagsFromString } from 'node:v8';
import { v8Flags } from './memory-flags';

for (const flag of v8Flags(process.env.KILN_AGENT_V8_FLAGS)) setFlagsFromString(flag);
