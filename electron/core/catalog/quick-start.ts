/** Quick-start AMIs: SSM public parameters that always point at the latest image of a distribution. */
export interface QuickStartEntry {
  parameter: string;
  label: string;
  description: string;
}

export const QUICK_START_AMIS: readonly QuickStartEntry[] = [
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    label: 'Amazon Linux 2023',
    description: 'Amazon Linux 2023, 64-bit (x86), latest kernel',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    label: 'Amazon Linux 2023 (Arm)',
    description: 'Amazon Linux 2023, 64-bit (Arm), latest kernel',
  },
];
