/**
 * `kiln-agent run`: spawns the install command (no shell), relays its stdout and stderr line by line to `serve`,
 * then posts the final token from its exit status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { IngestClient } from '../client/ingest-client';
import { RETRY_UNTIL_ACKNOWLEDGED, withRetry, type RetryPolicy } from '../client/retry';
import type { Logger } from '../logger';
import type { LineStream } from '../protocol/events';
import type { BatchSpool } from './batch-spool';
import { exitCodeFor, finalFor, type ChildOutcome } from './child-outcome';
import { batchIdPrefix } from './line-batcher';
import { createLinePipeline, type LinePipeline } from './line-pipeline';
import { createLineSplitter } from './line-splitter';

export interface RunOptions {
  command: string;
  args: string[];
  /** Names the install in the final message and in batch ids; defaults to the command. */
  name?: string;
  client: Pick<IngestClient, 'postEncodedLines' | 'postFinal' | 'baseUrl'>;
  log: Logger;
  /** Also copy the child's output to our own stdout/stderr (e.g. into cloud-init's log). */
  echo?: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  retry?: RetryPolicy;
  now?: () => string;
  /** Where batches wait for `serve` (default in memory); `run`'s CLI passes the disk spool. */
  spool?: BatchSpool;
  /** Pause the child's output above this many undelivered bytes (default 256 MiB); resume below a quarter of it. */
  backlogHighBytes?: number;
  /** Pause it too above this many undelivered bytes held in memory (default 2 MiB); resume below a quarter. */
  memoryHighBytes?: number;
  /** How long to wait for the output pipes to close after the child exited (a background process may hold them). */
  pipeGraceMs?: number;
}

/** Undelivered output (on disk with the disk spool) above which the command is held up: bounds the spool's size. */
export const DEFAULT_BACKLOG_HIGH_BYTES = 256 * 1024 * 1024;
/** Undelivered output held in memory above which the command is held up: bounds `run`'s memory. */
export const DEFAULT_MEMORY_HIGH_BYTES = 2 * 1024 * 1024;

const SIGNALS_TO_FORWARD: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/** Runs the command to completion, delivers every line and the final token; resolves with run's exit code. */
export async function runCommand(options: RunOptions): Promise<number> {
  const name = options.name ?? options.command;
  const now = options.now ?? (() => new Date().toISOString());
  const retry = options.retry ?? RETRY_UNTIL_ACKNOWLEDGED;
  const high = options.backlogHighBytes ?? DEFAULT_BACKLOG_HIGH_BYTES;
  const memoryHigh = options.memoryHighBytes ?? DEFAULT_MEMORY_HIGH_BYTES;
  const streams: Readable[] = [];
  let paused = false;

  const pipeline = createLinePipeline({
    client: options.client,
    retry,
    log: options.log,
    idPrefix: batchIdPrefix(options.name),
    spool: options.spool,
    onBacklog: ({ pendingBytes, memoryBytes }) => {
      if (!paused && (pendingBytes > high || memoryBytes > memoryHigh)) {
        paused = true;
        for (const stream of streams) stream.pause();
      } else if (paused && pendingBytes < high / 4 && memoryBytes < memoryHigh / 4) {
        paused = false;
        for (const stream of streams) stream.resume();
      }
    },
  });

  const child = spawn(options.command, options.args, { stdio: ['inherit', 'pipe', 'pipe'] });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of SIGNALS_TO_FORWARD) process.on(signal, forward);
  try {
    const captured = [
      capture(child.stdout, 'stdout', pipeline, now, options.echo?.stdout),
      capture(child.stderr, 'stderr', pipeline, now, options.echo?.stderr),
    ];
    streams.push(child.stdout, child.stderr);
    const outcome = await childOutcome(child, options.command);
    await closePipes(captured, streams, options.pipeGraceMs ?? 2_000, options.log);
    if (outcome.kind === 'spawn-failed')
      pipeline.add({ stream: 'log', text: `kiln-agent: ${outcome.message}`, ts: now() });
    await deliverAll(pipeline, options, finalFor(outcome, name), retry);
    return exitCodeFor(outcome);
  } finally {
    for (const signal of SIGNALS_TO_FORWARD) process.off(signal, forward);
  }
}

/** Feeds one pipe through a line splitter into the pipeline; resolves when the pipe ends. */
function capture(
  stream: Readable,
  name: LineStream,
  pipeline: LinePipeline,
  now: () => string,
  echo: NodeJS.WritableStream | undefined,
): Promise<void> {
  const splitter = createLineSplitter((text) => pipeline.add({ stream: name, text, ts: now() }));
  stream.on('data', (chunk: Buffer) => {
    echo?.write(chunk);
    splitter.write(chunk);
  });
  return new Promise((resolve) => {
    const done = (): void => {
      splitter.end();
      resolve();
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

function childOutcome(child: ChildProcess, command: string): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    child.once('error', (error) => {
      // Only a failure to start ends the run; errors after that (e.g. kill failing) come with an exit too.
      if (child.pid === undefined)
        resolve({ kind: 'spawn-failed', message: `cannot start ${command}: ${error.message}` });
    });
    child.once('exit', (code, signal) => {
      resolve(signal ? { kind: 'signalled', signal } : { kind: 'exited', code: code ?? 1 });
    });
  });
}

/** Waits for the pipes to drain; a background process that kept them open gets cut off after the grace period. */
async function closePipes(captured: Promise<void>[], streams: Readable[], graceMs: number, log: Logger): Promise<void> {
  for (const stream of streams) stream.resume();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const result = await Promise.race([Promise.all(captured), grace]);
  clearTimeout(timer);
  if (result === 'timeout') {
    log.warn('the command exited but a background process still holds its output; stopped reading it');
    for (const stream of streams) stream.destroy();
    await Promise.all(captured);
  }
}

async function deliverAll(
  pipeline: LinePipeline,
  options: RunOptions,
  final: ReturnType<typeof finalFor>,
  retry: RetryPolicy,
): Promise<void> {
  const delivered = await pipeline.finish();
  if (!delivered.ok) options.log.error(`some lines were not delivered: ${delivered.error.message}`);
  const posted = await withRetry(() => options.client.postFinal(final), retry);
  if (posted.ok) return;
  if (posted.error.agentCode === 'final-conflict') {
    // The command may post its own final token (kiln-agent finish); the first one stands.
    options.log.warn(
      `a different final token was posted before the command exited; it stands (${posted.error.message})`,
    );
  } else {
    options.log.error(`the final token was not accepted: ${posted.error.message}`);
  }
}
