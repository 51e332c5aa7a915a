/** Quick-start AMIs: SSM public parameters that always point at the latest image of a distribution. */
import type { QuickStartTile } from '../../common/models';

export type QuickStartEntry = Omit<QuickStartTile, 'image' | 'unavailableReason'>;

const UBUNTU = '/aws/service/canonical/ubuntu/server';

export const QUICK_START_AMIS: readonly QuickStartEntry[] = [
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    label: 'Amazon Linux 2023',
    description: 'Amazon Linux 2023, 64-bit (x86), latest kernel',
    architecture: 'x86_64',
    platform: 'linux',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    label: 'Amazon Linux 2023 (Arm)',
    description: 'Amazon Linux 2023, 64-bit (Arm), latest kernel',
    architecture: 'arm64',
    platform: 'linux',
  },
  {
    parameter: `${UBUNTU}/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id`,
    label: 'Ubuntu 24.04 LTS',
    description: 'Ubuntu Server 24.04 LTS (Noble), 64-bit (x86), by Canonical',
    architecture: 'x86_64',
    platform: 'linux',
  },
  {
    parameter: `${UBUNTU}/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id`,
    label: 'Ubuntu 24.04 LTS (Arm)',
    description: 'Ubuntu Server 24.04 LTS (Noble), 64-bit (Arm), by Canonical',
    architecture: 'arm64',
    platform: 'linux',
  },
  {
    parameter: `${UBUNTU}/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id`,
    label: 'Ubuntu 22.04 LTS',
    description: 'Ubuntu Server 22.04 LTS (Jammy), 64-bit (x86), by Canonical',
    architecture: 'x86_64',
    platform: 'linux',
  },
  {
    parameter: '/aws/service/debian/release/bookworm/latest/amd64',
    label: 'Debian 12',
    description: 'Debian 12 (Bookworm), 64-bit (x86), by the Debian cloud team',
    architecture: 'x86_64',
    platform: 'linux',
  },
  {
    parameter: '/aws/service/debian/release/bookworm/latest/arm64',
    label: 'Debian 12 (Arm)',
    description: 'Debian 12 (Bookworm), 64-bit (Arm), by the Debian cloud team',
    architecture: 'arm64',
    platform: 'linux',
  },
  {
    parameter: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
    label: 'Windows Server 2022',
    description: 'Microsoft Windows Server 2022 Base, English, 64-bit (x86)',
    architecture: 'x86_64',
    platform: 'windows',
  },
  {
    parameter: '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base',
    label: 'Windows Server 2025',
    description: 'Microsoft Windows Server 2025 Base, English, 64-bit (x86)',
    architecture: 'x86_64',
    platform: 'windows',
  },
];

/** GetParameters takes at most 10 names per call. */
export const SSM_NAMES_PER_CALL = 10;

/**
 * Joins the entries with what SSM and EC2 answered: a tile per entry, in order, with its image or the reason it
 * cannot be launched here. Pure: the I/O happens in the catalog.
 */
export function toQuickStartTiles(
  entries: readonly QuickStartEntry[],
  region: string,
  imageIdByParameter: ReadonlyMap<string, string>,
  imagesById: ReadonlyMap<string, QuickStartTile['image'] & object>,
): QuickStartTile[] {
  return entries.map((entry) => {
    const imageId = imageIdByParameter.get(entry.parameter);
    if (!imageId) {
      return {
        ...entry,
        unavailableReason: `Not published in ${region}: the SSM public parameter ${entry.parameter} does not exist there.`,
      };
    }
    const image = imagesById.get(imageId);
    if (!image) {
      return {
        ...entry,
        unavailableReason: `The parameter names ${imageId}, but EC2 in ${region} does not show that AMI to this account.`,
      };
    }
    return { ...entry, image: { ...image, label: entry.label, description: entry.description } };
  });
}
