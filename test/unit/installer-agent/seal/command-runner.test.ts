import { describe, expect, it } from 'vitest';
import { runSealCommand } from '../../../../installer-agent/src/seal/command-runner';

const node = (script: string, timeoutMs = 10_000) => ({ file: process.execPath, args: ['-e', script], timeoutMs });

describe('runSealCommand', () => {
  it('is ok on exit code 0, with what the command printed', async () => {
    expect(await runSealCommand(node('console.log("cleaned")'))).toEqual({ ok: true, detail: 'cleaned' });
    expect(await runSealCommand(node(''))).toEqual({ ok: true });
  });

  it('names the exit code and the end of the output on failure', async () => {
    const outcome = await runSealCommand(
      node('console.error("x".repeat(5000) + " Failed to connect to bus"); process.exit(3)'),
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toMatch(/^Exited with code 3: …x+ Failed to connect to bus$/);
    expect(outcome.detail!.length).toBeLessThan(700);
  });

  it('says when the program is not installed, and when it ran too long', async () => {
    expect(await runSealCommand({ file: 'kiln-no-such-command', args: [], timeoutMs: 5_000 })).toEqual({
      ok: false,
      detail: 'kiln-no-such-command is not installed here (not found).',
    });
    expect(await runSealCommand(node('setTimeout(() => {}, 60_000)', 200))).toEqual({
      ok: false,
      detail: 'Timed out after 0 s and was stopped.',
    });
  });
});
