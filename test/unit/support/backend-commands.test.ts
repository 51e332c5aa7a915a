// The tests' one call/must: answers are checked against the contract, failures thrown with their code.
import { describe, expect, it } from 'vitest';
import { commandsOver } from '../../support/backend-commands';

describe('the call/must helper of the tests', () => {
  const where = { profileId: 'p1', region: 'us-east-1' };

  it('refuses an answer outside the contract instead of passing it on', async () => {
    const { call } = commandsOver(async () => ({ ok: true, value: [{ imageId: 42 }] }));
    await expect(call('images.quickStart', where)).rejects.toThrow(/^images\.quickStart answered outside the contract/);
  });

  it('returns the envelope from call and the value or a throw from must', async () => {
    const answers: unknown[] = [
      { ok: true, value: [{ name: 'us-east-1' }] },
      { ok: false, error: { code: 'ExpiredToken', message: 'The credentials have expired.' } },
    ];
    const { call, must } = commandsOver(async () => answers.shift());
    expect(await call('regions.list', { profileId: 'p1' })).toEqual({ ok: true, value: [{ name: 'us-east-1' }] });
    await expect(must('regions.list', { profileId: 'p1' })).rejects.toThrow(
      'regions.list failed: ExpiredToken The credentials have expired.',
    );
  });
});
