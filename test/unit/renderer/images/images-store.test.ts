import { describe, expect, it } from 'vitest';
import { addImage, applyImageUpdate, monthlyTotal, removeImage } from '../../../../renderer/src/images/images-store';
import { AVAILABLE, FAILED, PENDING } from './image-fixtures';

describe('images store', () => {
  it('replaces a known image on an update and leaves the list alone for an unknown one', () => {
    const list = [AVAILABLE, PENDING];
    expect(applyImageUpdate(list, { ...PENDING, progress: 90 })[1].progress).toBe(90);
    expect(applyImageUpdate(list, FAILED)).toBe(list);
  });

  it('adds a new image first without doubling one the events brought', () => {
    expect(addImage([AVAILABLE], PENDING).map((i) => i.imageId)).toEqual([PENDING.imageId, AVAILABLE.imageId]);
    expect(addImage([AVAILABLE, PENDING], PENDING)).toHaveLength(2);
    expect(removeImage([AVAILABLE, PENDING], AVAILABLE.imageId)).toEqual([PENDING]);
  });

  it('sums the known monthly costs', () => {
    expect(monthlyTotal([AVAILABLE, PENDING, FAILED])).toBeCloseTo(0.8);
    expect(monthlyTotal([FAILED])).toBeNull();
  });
});
