/** The launch most sandbox tests start: Amazon Linux 2023 (x86_64) on a t3.micro in us-east-1. */
import type { LaunchSpecInput } from '../../electron/common/models';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/sandbox-profile';

/** AL2023 x86_64 in moto's catalogue (also behind the SSM alias Kiln's quick start reads). */
export const SANDBOX_AL2023 = 'ami-0ed094fb1304fd857';

/** A spec of that launch, named `name`, running `installScript`; `overrides` change any field. */
export function sandboxLaunchSpec(
  name: string,
  installScript: string,
  overrides: Partial<LaunchSpecInput> = {},
): LaunchSpecInput {
  return {
    profileId: SANDBOX_PROFILE_ID,
    region: 'us-east-1',
    name,
    imageId: SANDBOX_AL2023,
    instanceType: 't3.micro',
    installScript,
    ...overrides,
  };
}
