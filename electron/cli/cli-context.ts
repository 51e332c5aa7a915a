/**
 * What every command shares: the global options, the connection to a backend (made on first use, so `--help` never
 * opens one), output for people or for machines, and failures turned into a message, a remedy and an exit code.
 */
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { CommandInput, CommandName, CommandOutput } from '../common/contract';
import type { LaunchRecord } from '../common/models';
import type { KilnError } from '../common/result';
import { readApiEndpoint } from '../core/store/api-endpoint-file';
import { defaultDataDir } from '../core/store/data-dir';
import { describeOwner, processExists } from '../core/store/data-dir-lock';
import type { CliBackend } from './cli-backend';
import { openInProcessBackend } from './in-process-backend';
import { createRemoteBackend, endpointAnswers } from './remote-backend';
import { resolveLaunch } from './resolve-launch';

/** Exit codes (README, "Command line"). */
export const EXIT = { ok: 0, failure: 1, refused: 2, interrupted: 130 } as const;

/** How long a command waits for web mode that holds the directory but does not answer yet (it is starting). */
const WEB_START_WAIT_MS = 20_000;

/** Ends the command with `code`, after printing `error` (message and remedy) when there is one. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly error?: KilnError,
  ) {
    super(error?.message ?? `exit ${code}`);
  }
}

export interface GlobalOptions {
  dataDir?: string;
  sandboxEndpoint?: string;
  profile?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface CliContext {
  readonly json: boolean;
  /** Colour only on a terminal, and never with NO_COLOR set. */
  readonly color: boolean;
  /** The terminal's width, or undefined when stdout is not a terminal (then nothing is cut). */
  readonly width: number | undefined;
  readonly dataDir: string;
  out(text: string): void;
  /** Progress and notes for people: stderr, so stdout stays the command's result. */
  note(text: string): void;
  /** Prints `value` as the command's JSON document, in the documented shape. */
  printJson<S extends z.ZodType>(schema: S, value: z.input<S>): void;
  backend(): Promise<CliBackend>;
  /** Runs a contract command; a failure ends the command with `exitCode`. */
  must<K extends CommandName>(name: K, input: CommandInput<K>, exitCode?: number): Promise<CommandOutput<K>>;
  findLaunch(ref: string): Promise<LaunchRecord>;
  /** `--profile`, else KILN_PROFILE, else the first profile that can be used here. */
  profileId(): Promise<string>;
  close(): Promise<void>;
}

export interface ContextOptions {
  globals: GlobalOptions;
  env: NodeJS.ProcessEnv;
  rootDir: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function createCliContext(options: ContextOptions): CliContext {
  const { globals, env, stdout, stderr } = options;
  const dataDir = path.resolve(
    globals.dataDir ?? (env.KILN_DATA_DIR || defaultDataDir(process.platform, env, os.homedir())),
  );
  const log = (message: string, error?: unknown) => {
    if (globals.verbose)
      stderr.write(
        `[kiln] ${message}${error ? `: ${error instanceof Error ? error.message : JSON.stringify(error)}` : ''}\n`,
      );
  };
  let connection: Promise<CliBackend> | undefined;

  /** The Kiln published in api.json, when its process lives and it answers with its token. */
  async function runningKiln(): Promise<CliBackend | undefined> {
    const endpoint = await readApiEndpoint(dataDir, processExists);
    if (!endpoint || !(await endpointAnswers(endpoint))) return undefined;
    log(`using the Kiln running as pid ${endpoint.pid} at ${endpoint.url}`);
    return createRemoteBackend(endpoint);
  }

  async function connect(): Promise<CliBackend> {
    // A Kiln running on this directory serves the command line: nothing here opens the directory beside it.
    const running = await runningKiln();
    if (running) return running;
    const sandboxEndpoint = (globals.sandboxEndpoint ?? (env.KILN_SANDBOX_ENDPOINT || undefined))?.replace(/\/$/, '');
    if (sandboxEndpoint && !/^https?:\/\/[^/]+$/.test(sandboxEndpoint)) {
      throw new CliExit(EXIT.refused, {
        code: 'InvalidSandboxEndpoint',
        message: `--sandbox-endpoint must be the sandbox's http://host:port, not "${sandboxEndpoint}".`,
      });
    }
    const attempt = await openInProcessBackend({ dataDir, rootDir: options.rootDir, sandboxEndpoint, env, log });
    if (attempt.ok) return attempt.backend;
    // Web mode holds the directory from its start and publishes its API once it listens: give it that moment.
    if (attempt.holder?.kind === 'web') {
      for (let waited = 0; waited < WEB_START_WAIT_MS; waited += 500) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const started = await runningKiln();
        if (started) return started;
      }
    }
    throw new CliExit(EXIT.refused, {
      code: 'DataDirectoryBusy',
      message: `${describeOwner(attempt.holder)} holds ${dataDir}.`,
      remedy:
        'Close it and run the command again, or pass another --data-dir. (Web mode serves the command line while it runs; the desktop app holds the directory for itself.)',
    });
  }

  const context: CliContext = {
    json: globals.json === true,
    color: stdout.isTTY === true && !env.NO_COLOR,
    width: stdout.isTTY ? stdout.columns : undefined,
    dataDir,
    out: (text) => void stdout.write(text),
    note: (text) => void stderr.write(`${text}\n`),
    printJson(schema, value) {
      stdout.write(`${JSON.stringify(schema.parse(value), null, 2)}\n`);
    },
    backend: () => (connection ??= connect()),
    async must(name, input, exitCode = EXIT.failure) {
      const result = await (await context.backend()).call(name, input);
      if (!result.ok) throw new CliExit(exitCode, result.error);
      return result.value;
    },
    async findLaunch(ref) {
      const match = resolveLaunch(await context.must('launch.list', {}), ref);
      if (!match.ok) throw new CliExit(EXIT.refused, match.error);
      return match.record;
    },
    async profileId() {
      const explicit = globals.profile ?? (env.KILN_PROFILE || undefined);
      if (explicit) return explicit;
      const profiles = await context.must('profiles.list', {});
      const usable = profiles.find((p) => p.available);
      if (!usable) {
        throw new CliExit(EXIT.refused, {
          code: 'NoProfile',
          message: 'No AWS profile can be used on this machine.',
          remedy: 'Configure one (aws configure), or start the sandbox and pass --sandbox-endpoint.',
        });
      }
      return usable.id;
    },
    async close() {
      if (!connection) return;
      const closing = connection;
      connection = undefined;
      const backend = await closing.catch(() => undefined);
      await backend?.close();
    },
  };
  return context;
}
