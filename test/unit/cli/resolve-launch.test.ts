import { describe, expect, it } from 'vitest';
import type { LaunchRecord } from '../../../electron/common/models';
import { resolveLaunch } from '../../../electron/cli/resolve-launch';

const record = (id: string, name: string, instanceId?: string) =>
  ({ id, instanceId, phase: 'succeeded', spec: { name } }) as unknown as LaunchRecord;
const records = [
  record('0a1b2c3d-1111', 'web', 'i-0123'),
  record('0a1b9999-2222', 'db', 'i-0456'),
  record('77777777-3333', 'web-2'),
  record('88888888-4444', 'twin'),
  record('99999999-5555', 'twin'),
];
const idOf = (ref: string) => {
  const match = resolveLaunch(records, ref);
  return match.ok ? match.record.id : match.error.code;
};

describe('resolveLaunch', () => {
  it('finds a launch by its id, its instance id, its Name or a unique id prefix', () => {
    expect(idOf('0a1b2c3d-1111')).toBe('0a1b2c3d-1111');
    expect(idOf('i-0456')).toBe('0a1b9999-2222');
    expect(idOf('web')).toBe('0a1b2c3d-1111');
    expect(idOf('7777')).toBe('77777777-3333');
    expect(idOf(' db ')).toBe('0a1b9999-2222');
  });

  it('refuses a prefix or a Name that several launches share, naming them', () => {
    const prefix = resolveLaunch(records, '0a1b');
    expect(prefix.ok).toBe(false);
    expect((prefix as { error: { message: string } }).error.message).toMatch(
      /names 2 launches: 0a1b2c3d-1111 \(web, succeeded\), 0a1b9999-2222/,
    );
    expect(idOf('twin')).toBe('AmbiguousLaunch');
  });

  it('does not guess from a prefix shorter than 4 characters, or an unknown id', () => {
    expect(idOf('77')).toBe('LaunchNotFound');
    expect(idOf('nothing')).toBe('LaunchNotFound');
  });
});
