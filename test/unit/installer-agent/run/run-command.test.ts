import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IngestClient } from '../../../../installer-agent/src/client/ingest-client';
import { silentLogger } from '../../../../installer-agent/src/logger';
import type { IngestFinalRequest, IngestLinesRequest } from '../../../../installer-agent/src/protocol/events';
import { runCommand } from '../../../../installer-agent/src/run/run-command';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A client whose agent answers only after `open()`; records what it journals. */
function gatedClient() {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const texts: string[] = [];
  const finals: IngestFinalRequest[] = [];
  const client: Pick<IngestClient, 'postEncodedLines' | 'postFinal' | 'baseUrl'> = {
    baseUrl: 'http://127.0.0.1:1',
    async postEncodedLines(encoded) {
      const body = JSON.parse(encoded.toString('utf8')) as IngestLinesRequest;
      await gate;
      texts.push(...body.lines.map((line) => line.text));
      return { ok: true, value: { firstSeq: 1, lastSeq: 1, duplicate: false } };
    },
    async postFinal(body) {
      finals.push(body);
      return {
        ok: true,
        value: {
          final: { seq: 1, ts: 't', kind: 'final', result: body.result, exitCode: null, signal: null },
          duplicate: false,
        },
      };
    },
  };
  return { client, open, texts, finals };
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

describe('runCommand', () => {
  it('pauses the command while too much output is undelivered, then delivers all of it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiln-run-'));
    const marker = join(dir, 'done');
    const line = '0123456789abcdefghijklmnopqrstuvwxyz';
    const total = (line.length + 1) * 100_000;
    const agent = gatedClient();
    const running = runCommand({
      command: 'bash',
      args: ['-c', `yes ${line} | head -c ${total}; touch ${marker}`],
      client: agent.client,
      log: silentLogger,
      backlogHighBytes: 128 * 1024,
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Unpaused, bash would have written its 3.7 MB and created the marker long ago.
    expect(await exists(marker)).toBe(false);
    agent.open();
    expect(await running).toBe(0);
    expect(await exists(marker)).toBe(true);
    expect(agent.texts).toHaveLength(total / (line.length + 1));
    expect(agent.texts.every((text) => text === line)).toBe(true);
    expect(agent.finals).toEqual([
      { result: 'success', exitCode: 0, signal: null, message: 'bash exited with code 0' },
    ]);
  });

  it('does not hang when a background process keeps the output pipes open', async () => {
    const agent = gatedClient();
    agent.open();
    const started = Date.now();
    const code = await runCommand({
      command: 'bash',
      args: ['-c', 'sleep 30 & echo started; exit 4'],
      client: agent.client,
      log: silentLogger,
      pipeGraceMs: 200,
    });
    expect(code).toBe(4);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(agent.texts).toEqual(['started']);
    expect(agent.finals[0]).toMatchObject({ result: 'failure', exitCode: 4 });
  });
});
