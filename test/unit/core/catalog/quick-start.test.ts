import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../../electron/common/models';
import { QUICK_START_AMIS, SSM_NAMES_PER_CALL, toQuickStartTiles } from '../../../../electron/core/catalog/quick-start';

const entries = QUICK_START_AMIS.slice(0, 3);
const image: ImageSummary = {
  imageId: 'ami-0ed094fb1304fd857',
  name: 'al2023-ami',
  architecture: 'x86_64',
  platform: 'linux',
};

describe('quick-start tiles', () => {
  it('fits one GetParameters call and covers the distributions the wizard offers', () => {
    expect(QUICK_START_AMIS.length).toBeLessThanOrEqual(SSM_NAMES_PER_CALL);
    expect(QUICK_START_AMIS.filter((q) => q.platform === 'windows').map((q) => q.label)).toEqual([
      'Windows Server 2022',
      'Windows Server 2025',
    ]);
    expect(new Set(QUICK_START_AMIS.map((q) => q.parameter)).size).toBe(QUICK_START_AMIS.length);
  });

  it('keeps every entry in order: resolved with its image and label, or with the reason it is unavailable', () => {
    const tiles = toQuickStartTiles(
      entries,
      'eu-west-1',
      new Map([
        [entries[0].parameter, image.imageId],
        [entries[1].parameter, 'ami-0000000000000dead'],
      ]),
      new Map([[image.imageId, image]]),
    );
    expect(tiles.map((t) => t.label)).toEqual(entries.map((e) => e.label));
    expect(tiles[0].image).toEqual({ ...image, label: entries[0].label, description: entries[0].description });
    expect(tiles[1].unavailableReason).toBe(
      'The parameter names ami-0000000000000dead, but EC2 in eu-west-1 does not show that AMI to this account.',
    );
    expect(tiles[2].unavailableReason).toBe(
      `Not published in eu-west-1: the SSM public parameter ${entries[2].parameter} does not exist there.`,
    );
  });
});
