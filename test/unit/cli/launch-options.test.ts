import { describe, expect, it } from 'vitest';
import { CliExit } from '../../../electron/cli/cli-context';
import { parseAfterOptions, parseSalvageHours } from '../../../electron/cli/commands/launch';

describe('--on-failure salvage=DURATION', () => {
  it('reads minutes, hours and days as whole hours within 1 hour to 7 days', () => {
    expect(parseSalvageHours('4h')).toBe(4);
    expect(parseSalvageHours('6')).toBe(6);
    expect(parseSalvageHours('90m')).toBe(2);
    expect(parseSalvageHours('2d')).toBe(48);
    expect(parseSalvageHours('8d')).toBeUndefined();
    expect(parseSalvageHours('0h')).toBeUndefined();
    expect(parseSalvageHours('soon')).toBeUndefined();
  });
});

describe('parseAfterOptions', () => {
  it('defaults to keeping the instance either way', () => {
    expect(parseAfterOptions({})).toEqual({ onSuccess: 'keep', onFailure: { action: 'keep' } });
  });

  it('takes terminate, bake and salvage with --follow', () => {
    expect(parseAfterOptions({ follow: true, onSuccess: 'bake', onFailure: 'salvage=1d' })).toEqual({
      onSuccess: 'bake',
      onFailure: { action: 'salvage', hours: 24 },
    });
  });

  it('refuses (exit 2) an unknown action, a bad duration, and an action without --follow', () => {
    for (const options of [
      { follow: true, onSuccess: 'explode' },
      { follow: true, onFailure: 'salvage=forever' },
      { onFailure: 'terminate' },
    ]) {
      let thrown: unknown;
      try {
        parseAfterOptions(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CliExit);
      expect((thrown as CliExit).code).toBe(2);
    }
  });
});
