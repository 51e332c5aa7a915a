/**
 * The sandbox on its own (no Kiln backend), in a root directory of the test file's own, for the tests of the sandbox
 * itself: started in a beforeAll with its log kept for timeout messages, stopped and its directory removed after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../../electron/core/sandbox/address';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../electron/core/sandbox/sandbox';

export interface LocalSandbox {
  readonly sandbox: Sandbox;
  readonly rootDir: string;
  /** What the sandbox logged so far. */
  readonly logs: readonly string[];
  /** An EC2 client in the sandbox's region, with no retries (a refusal is the answer under test). */
  readonly ec2: EC2Client;
  /** The same in `region`. */
  ec2In(region: string): EC2Client;
}

/** Polls `probe` until it gives a value (a throw counts as not yet); on timeout the error carries the sandbox's log. */
export function eventuallyWith(logs: readonly string[]) {
  return async function eventually<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
}

/** Registers the file's beforeAll (40 s) and afterAll (30 s); call it once, at the top level of a test file. */
export function useLocalSandbox(options: {
  /** Starts the root directory's name in the temp dir. */
  prefix: string;
  sandbox: Omit<SandboxOptions, 'rootDir'>;
}): LocalSandbox {
  let sandbox: Sandbox | undefined;
  let rootDir: string | undefined;
  const logs: string[] = [];
  const clients = new Map<string, EC2Client>();
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The sandbox is not started: use it inside tests, after its beforeAll.');
    return value;
  };
  const ec2In = (region: string) => {
    const { endpoint } = started(sandbox);
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({ region, endpoint, credentials: { ...SANDBOX_CREDENTIALS }, maxAttempts: 1 });
      clients.set(region, client);
    }
    return client;
  };

  beforeAll(async () => {
    rootDir = await mkdtemp(path.join(os.tmpdir(), options.prefix));
    sandbox = await startSandbox({ log: (m) => logs.push(m), ...options.sandbox, rootDir });
  }, 40_000);

  afterAll(async () => {
    for (const client of clients.values()) client.destroy();
    await sandbox?.stop();
    if (rootDir) await rm(rootDir, { recursive: true, force: true });
  }, 30_000);

  return {
    get sandbox() {
      return started(sandbox);
    },
    get rootDir() {
      return started(rootDir);
    },
    logs,
    get ec2() {
      return ec2In(started(sandbox).region);
    },
    ec2In,
  };
}
