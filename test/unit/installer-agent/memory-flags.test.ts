import { describe, expect, it } from 'vitest';
import { AGENT_V8_FLAGS, v8Flags } from '../../../installer-agent/src/memory-flags';

describe('v8Flags', () => {
  it('keeps the young generation small, collects early and skips the optimizing compiler', () => {
    expect(v8Flags(undefined)).toEqual(['--semi-space-growth-factor=1', '--heap-growing-percent=10', '--no-opt']);
    expect(v8Flags(undefined)).toEqual([...AGENT_V8_FLAGS]);
  });

  it('lets KILN_AGENT_V8_FLAGS replace them (empty: Node defaults)', () => {
    expect(v8Flags(' --max-semi-space-size=1  --no-opt ')).toEqual(['--max-semi-space-size=1', '--no-opt']);
    expect(v8Flags('')).toEqual([]);
  });
});
