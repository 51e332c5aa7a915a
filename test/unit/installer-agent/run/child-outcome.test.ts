import { describe, expect, it } from 'vitest';
import { exitCodeFor, finalFor } from '../../../../installer-agent/src/run/child-outcome';

describe('child outcome', () => {
  it('maps exit 0 to success and other codes to failure with the code', () => {
    expect(finalFor({ kind: 'exited', code: 0 }, 'setup')).toMatchObject({
      result: 'success',
      exitCode: 0,
      signal: null,
    });
    expect(finalFor({ kind: 'exited', code: 3 }, 'setup')).toEqual({
      result: 'failure',
      exitCode: 3,
      signal: null,
      message: 'setup exited with code 3',
    });
    expect(exitCodeFor({ kind: 'exited', code: 3 })).toBe(3);
  });

  it('reports a signal by name and exits 1; a command that cannot start exits 127', () => {
    expect(finalFor({ kind: 'signalled', signal: 'SIGKILL' }, 'x')).toMatchObject({
      result: 'failure',
      exitCode: null,
      signal: 'SIGKILL',
    });
    expect(exitCodeFor({ kind: 'signalled', signal: 'SIGKILL' })).toBe(1);
    expect(finalFor({ kind: 'spawn-failed', message: 'cannot start nope' }, 'x')).toMatchObject({
      result: 'failure',
      exitCode: 127,
    });
    expect(exitCodeFor({ kind: 'spawn-failed', message: '' })).toBe(127);
  });
});
