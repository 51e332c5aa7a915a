// The fleet's root volume from its storage choice and the image EC2 describes: the image's root device, the size
// asked for (or the image's), and the wizard's refusals worded for a fleet.
import type { Image } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { FleetSpec, type FleetSpecInput } from '../../../../electron/common/models';
import { KilnFailure } from '../../../../electron/common/result';
import { fleetRootVolume } from '../../../../electron/core/fleets/fleet-preflight';

const IMAGE: Image = {
  ImageId: 'ami-0b4e0000000000001',
  Name: 'web-golden',
  RootDeviceName: '/dev/xvda',
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 15, SnapshotId: 'snap-1' } }],
};
const spec = (storage?: FleetSpecInput['storage']) =>
  FleetSpec.parse({
    profileId: 'sandbox',
    region: 'us-east-1',
    name: 'web',
    imageId: IMAGE.ImageId,
    instanceType: 't3.micro',
    subnetIds: ['subnet-a'],
    capacity: { min: 1, desired: 1, max: 2 },
    storage,
  });

describe('fleet root volume', () => {
  it('maps the image’s root device with the size, type and encryption asked for', () => {
    expect(fleetRootVolume(spec({ rootVolumeSizeGiB: 20, volumeType: 'io2', encrypted: false }), IMAGE)).toEqual({
      deviceName: '/dev/xvda',
      sizeGiB: 20,
      volumeType: 'io2',
      encrypted: false,
    });
    expect(fleetRootVolume(spec({}), IMAGE)).toEqual({
      deviceName: '/dev/xvda',
      sizeGiB: 15,
      volumeType: 'gp3',
      encrypted: true,
    });
    expect(fleetRootVolume(spec(), IMAGE)).toBeUndefined();
  });

  it('refuses a volume smaller than the image’s snapshot, saying nothing was created', () => {
    let refusal: unknown;
    try {
      fleetRootVolume(spec({ rootVolumeSizeGiB: 12 }), IMAGE);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(KilnFailure);
    expect((refusal as KilnFailure).error).toMatchObject({
      code: 'VolumeTooSmall',
      field: 'storage.rootVolumeSizeGiB',
      message: 'The root volume would be 12 GiB, but web-golden needs at least 15 GiB. Nothing was created.',
    });
  });
});
