import { EventEmitter } from 'node:events';
import type { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stopAfterSeal } from '../../../../installer-agent/src/seal/stop-agent';

function recordingLog() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    },
  };
}

/** A spawn that records its call and ends the child as `end` says. */
function fakeSpawn(end: (child: EventEmitter) => void) {
  const calls: unknown[][] = [];
  const fake = ((...args: unknown[]) => {
    calls.push(args);
    const child = new EventEmitter();
    setImmediate(() => end(child));
    return child;
  }) as unknown as typeof spawn;
  return { calls, fake };
}

const systemctl = {
  kind: 'systemctl' as const,
  command: { file: 'systemctl', args: ['stop', '--no-block', 'kiln-agent.service'], timeoutMs: 30_000 },
};

describe('stopAfterSeal', () => {
  it('queues systemd’s stop job from a detached systemctl and returns once it did', async () => {
    const { calls, fake } = fakeSpawn((child) => child.emit('exit', 0, null));
    const { lines, log } = recordingLog();
    await stopAfterSeal(systemctl, { log, spawn: fake });
    expect(calls).toEqual([
      [
        'systemctl',
        ['stop', '--no-block', 'kiln-agent.service'],
        { detached: true, stdio: 'ignore', windowsHide: true },
      ],
    ]);
    expect(lines).toEqual(['info sealed: systemctl stop --no-block kiln-agent.service']);
  });

  it('warns and returns when systemctl fails, cannot start, or hangs', async () => {
    const failed = recordingLog();
    await stopAfterSeal(systemctl, { log: failed.log, spawn: fakeSpawn((child) => child.emit('exit', 1, null)).fake });
    expect(failed.lines.at(-1)).toBe('warn systemctl stop --no-block kiln-agent.service ended with code 1');
    const missing = recordingLog();
    await stopAfterSeal(systemctl, {
      log: missing.log,
      spawn: fakeSpawn((child) => child.emit('error', new Error('spawn systemctl ENOENT'))).fake,
    });
    expect(missing.lines.at(-1)).toBe(
      'warn systemctl stop --no-block kiln-agent.service could not run: spawn systemctl ENOENT',
    );
    const hung = recordingLog();
    await stopAfterSeal(systemctl, { log: hung.log, spawn: fakeSpawn(() => undefined).fake, waitMs: 50 });
    expect(hung.lines.at(-1)).toBe(
      'warn systemctl stop --no-block kiln-agent.service did not return within 0.05 s; exiting anyway',
    );
  });

  it('does nothing when exiting is the whole stop', async () => {
    const { calls, fake } = fakeSpawn(() => undefined);
    await stopAfterSeal({ kind: 'exit' }, { log: recordingLog().log, spawn: fake });
    expect(calls).toEqual([]);
  });
});
