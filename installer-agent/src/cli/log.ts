/** `kiln-agent log`: posts one line (the text arguments) or every line of stdin to the local `serve`. */
import type { Readable } from 'node:stream';
import { RETRY_A_FEW_TIMES } from '../client/retry';
import type { Logger } from '../logger';
import type { LineStream } from '../protocol/events';
import { batchIdPrefix } from '../run/line-batcher';
import { createLinePipeline } from '../run/line-pipeline';
import { createLineSplitter } from '../run/line-splitter';
import { createLocalClient } from './local-client';

export interface LogCommand {
  configPath: string;
  stream: LineStream;
  text: string[];
}

/** Stop reading stdin above this many undelivered bytes, until the agent catches up. */
const BACKLOG_HIGH_BYTES = 16 * 1024 * 1024;

export async function logCommand(command: LogCommand, stdin: Readable, log: Logger): Promise<number> {
  const client = await createLocalClient(command.configPath, log);
  if (!client) return 1;
  const now = (): string => new Date().toISOString();
  const pipeline = createLinePipeline({
    client,
    retry: RETRY_A_FEW_TIMES,
    log: { ...log, warn: () => undefined },
    idPrefix: batchIdPrefix('log'),
    onRejected: 'stop',
    onStop: () => stdin.destroy(),
    onBacklog: ({ memoryBytes }) => {
      if (memoryBytes > BACKLOG_HIGH_BYTES) stdin.pause();
      else if (stdin.isPaused()) stdin.resume();
    },
  });
  try {
    if (command.text.length > 0) {
      for (const text of command.text.join(' ').replace(/\n$/, '').split('\n')) {
        pipeline.add({ stream: command.stream, text, ts: now() });
      }
    } else {
      await readLines(stdin, (text) => pipeline.add({ stream: command.stream, text, ts: now() }));
    }
    const delivered = await pipeline.finish();
    if (!delivered.ok) {
      const { message, remedy } = delivered.error;
      log.error(remedy ? `${message}\n  ${remedy}` : message);
      return 1;
    }
    return 0;
  } finally {
    client.close();
  }
}

function readLines(input: Readable, onLine: (text: string) => void): Promise<void> {
  const splitter = createLineSplitter(onLine);
  return new Promise((resolve) => {
    const done = (): void => {
      splitter.end();
      resolve();
    };
    input.on('data', (chunk: Buffer) => splitter.write(chunk));
    input.once('end', done);
    input.once('close', done);
    input.once('error', done);
  });
}
