// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { applyCommandRecord, applyList, sortByCreated } from '../../../../renderer/src/launches/launch-store';
import { launchRecord } from '../../../support/fake-kiln-api';

const requested = launchRecord({ phase: 'requested', timeline: [{ phase: 'requested', at: '2025-01-15T10:00:00Z' }] });
const pending = launchRecord({
  phase: 'pending',
  timeline: [...requested.timeline, { phase: 'pending', at: '2025-01-15T10:00:05Z' }],
});

describe('launch store', () => {
  it('takes a command result for an unknown launch', () => {
    expect(applyCommandRecord({}, requested)).toEqual({ 'launch-1': requested });
  });

  it('keeps a newer record from an event over an older command result', () => {
    const byId = { 'launch-1': pending };
    expect(applyCommandRecord(byId, requested)).toBe(byId);
    expect(applyCommandRecord({ 'launch-1': requested }, pending)['launch-1']).toBe(pending);
  });

  it('takes the reply of bake.start, whose news is a bake rather than a launch phase', () => {
    const at = '2025-01-15T10:05:00Z';
    const bake = {
      id: 'bake-1',
      request: {
        launchId: 'launch-1',
        name: 'web-golden',
        description: '',
        mode: 'stop' as const,
        tags: [],
        copyToRegions: [],
        keepAgent: false,
        generalize: false,
        allowUnsealed: false,
      },
      phase: 'stopping' as const,
      startedAt: at,
      timeline: [{ phase: 'stopping' as const, at }],
      restartInstance: true,
      volumeSizeGiB: 8,
      images: [],
    };
    const baking = { ...pending, bakes: [bake] };
    expect(applyCommandRecord({ 'launch-1': pending }, baking)['launch-1']).toBe(baking);
    const further = {
      ...pending,
      bakes: [
        {
          ...bake,
          phase: 'creating-image' as const,
          timeline: [...bake.timeline, { phase: 'creating-image' as const, at }],
        },
      ],
    };
    expect(applyCommandRecord({ 'launch-1': further }, baking)['launch-1']).toBe(further);
  });

  it('lets the list replace everything except records updated by events while it loaded', () => {
    const other = launchRecord({ id: 'launch-2' });
    const next = applyList({ 'launch-1': pending, 'launch-9': other }, [requested, other], new Set(['launch-1']));
    expect(next).toEqual({ 'launch-1': pending, 'launch-2': other });
  });

  it('sorts newest first', () => {
    const a = launchRecord({ id: 'a', createdAt: '2025-01-01T00:00:00Z' });
    const b = launchRecord({ id: 'b', createdAt: '2025-02-01T00:00:00Z' });
    expect(sortByCreated({ a, b }).map((r) => r.id)).toEqual(['b', 'a']);
  });
});
