import { describe, expect, it } from 'vitest';
import { planUserData } from '../../../electron/core/sandbox/user-data';

const plan = (text: string) => planUserData(Buffer.from(text));

describe('planUserData', () => {
  it('runs a #! script with its interpreter and at most one argument, as the kernel does', () => {
    expect(plan('#!/bin/bash\necho hi\n')).toEqual({ kind: 'script', command: '/bin/bash', args: [] });
    expect(plan('#!/bin/bash -xe\necho hi\n')).toEqual({ kind: 'script', command: '/bin/bash', args: ['-xe'] });
    expect(plan('#!/usr/bin/env bash\r\necho hi\r\n')).toEqual({
      kind: 'script',
      command: '/usr/bin/env',
      args: ['bash'],
    });
  });

  it('runs anything else that looks like a script with bash', () => {
    expect(plan('echo hi\n')).toEqual({ kind: 'script', command: 'bash', args: [] });
  });

  it('refuses Windows user data with a reason', () => {
    for (const text of [
      '<powershell>\nWrite-Host hi\n</powershell>',
      '<script>echo hi</script>',
      'version: 1.0\ntasks: []',
    ]) {
      const result = plan(text);
      expect(result.kind).toBe('unsupported');
      expect(result.kind === 'unsupported' && result.reason).toMatch(/Windows user data/);
    }
  });

  it('refuses what cloud-init would not run as a script', () => {
    expect(plan('#cloud-config\npackages: [nodejs]\n')).toMatchObject({ kind: 'unsupported' });
    expect(plan('Content-Type: multipart/mixed; boundary="x"\n')).toMatchObject({ kind: 'unsupported' });
    expect(planUserData(Buffer.from([0x1f, 0x8b, 8, 0]))).toMatchObject({ kind: 'unsupported', reason: /gzip/ });
    expect(planUserData(Buffer.alloc(0))).toMatchObject({ kind: 'unsupported', reason: /no user data/ });
    expect(plan('#!\necho\n')).toMatchObject({ kind: 'unsupported', reason: /no interpreter/ });
  });
});
