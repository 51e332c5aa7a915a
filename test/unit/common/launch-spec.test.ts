// The install script's schema refuses what the wizard's file loader refuses, whatever path the spec takes: a typed or
// pasted NUL (or another control character no text script holds) is refused by the backend's own parse.
import { describe, expect, it, vi } from 'vitest';
import type { CommandHandlers } from '../../../electron/common/contract';
import { dispatchCommand } from '../../../electron/common/dispatch';
import { LaunchSpec } from '../../../electron/common/models';

const spec = (installScript: string) => ({
  profileId: 'local-sandbox',
  region: 'us-east-1',
  name: 'web',
  imageId: 'ami-0ed094fb1304fd857',
  instanceType: 't3.micro',
  installScript,
});

describe('LaunchSpec.installScript', () => {
  it('refuses a NUL byte and other control characters, naming the field', () => {
    for (const bad of ['echo a\u0000b', 'echo \u0007bell', 'x\u001fy']) {
      const parsed = LaunchSpec.safeParse(spec(bad));
      expect(parsed.success).toBe(false);
      if (!parsed.success) {
        expect(parsed.error.issues[0]).toMatchObject({
          path: ['installScript'],
          message: expect.stringMatching(/control character/),
        });
      }
    }
  });

  it('keeps tabs, CRLF line ends, form feeds and ANSI escapes', () => {
    expect(LaunchSpec.safeParse(spec('printf "\\ta"\r\necho \u001b[32mgreen\u001b[0m\f\n')).success).toBe(true);
  });

  it('is refused at the command boundary before any handler runs', async () => {
    const start = vi.fn();
    const result = await dispatchCommand(
      { 'launch.start': start } as unknown as CommandHandlers,
      'launch.start',
      { spec: spec('echo \u0000') },
      () => undefined,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidInput', field: 'spec.installScript' } });
    expect(start).not.toHaveBeenCalled();
  });
});
