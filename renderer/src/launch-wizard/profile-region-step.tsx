/** Step 1: which credentials (profile) and which region to launch in, with whose credentials they are. */
import FormField from '@cloudscape-design/components/form-field';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import type { CredentialKind, Profile, Region } from '../../../electron/common/models';
import { errorText } from '../common/error-alert';
import type { QueryState } from '../common/use-command';
import { selectStatus } from '../common/select-status';
import { ProfileAccessPanel } from './profile-access-panel';
import type { FieldErrors } from './field-errors';

export interface ProfileRegionStepProps {
  profiles: QueryState<Profile[]>;
  regions: QueryState<Region[]>;
  profileId: string;
  region: string;
  errors: FieldErrors;
  onProfileChange(profileId: string): void;
  onRegionChange(region: string): void;
}

export function ProfileRegionStep(props: ProfileRegionStepProps) {
  const { profiles, regions, profileId, region, errors } = props;
  const selected = profiles.value?.find((p) => p.id === profileId && p.available);
  // The access panel above already explains these and offers the sign-in; the region list reloads after it.
  const waitsForSignIn = regions.error !== undefined && SIGN_IN_CODES.includes(regions.error.code);
  const profileOptions: SelectProps.Option[] = (profiles.value ?? []).map(profileOption);
  const regionOptions: SelectProps.Option[] = (regions.value ?? []).map((r) => ({
    value: r.name,
    label: r.name,
    description: r.optInStatus && r.optInStatus !== 'opt-in-not-required' ? r.optInStatus : undefined,
  }));

  return (
    <Container header={<Header variant="h2">Where to launch</Header>}>
      <SpaceBetween size="l">
        <FormField
          label="Profile"
          description="The credentials Kiln uses. The local sandbox needs no AWS account."
          errorText={errors.profileId ?? (profiles.error && errorText(profiles.error))}
        >
          <Select
            data-testid="profile-select"
            selectedOption={profileOptions.find((o) => o.value === profileId) ?? null}
            options={profileOptions}
            placeholder="Choose a profile"
            {...selectStatus(profiles, 'profiles')}
            onChange={(event) => props.onProfileChange(event.detail.selectedOption.value ?? '')}
          />
        </FormField>
        {selected && <ProfileAccessPanel key={selected.id} profile={selected} onSignedIn={regions.reload} />}
        <FormField
          label="Region"
          errorText={errors.region ?? (regions.error && !waitsForSignIn ? errorText(regions.error) : undefined)}
        >
          <Select
            data-testid="region-select"
            selectedOption={regionOptions.find((o) => o.value === region) ?? null}
            options={regionOptions}
            placeholder={
              !profileId ? 'Choose a profile first' : waitsForSignIn ? 'Sign in to list the regions' : 'Choose a region'
            }
            disabled={!profileId}
            filteringType="auto"
            {...selectStatus(regions, 'regions')}
            onChange={(event) => props.onRegionChange(event.detail.selectedOption.value ?? '')}
          />
        </FormField>
      </SpaceBetween>
    </Container>
  );
}

const SIGN_IN_CODES = ['MfaRequired', 'SsoLoginRequired'];

const KIND_LABEL: Record<CredentialKind, string> = {
  sandbox: 'Local sandbox',
  static: 'Access key',
  'assume-role': 'Assumed role',
  process: 'Credential process',
  sso: 'IAM Identity Center',
  env: 'Environment',
};

export function profileOption(profile: Profile): SelectProps.Option {
  return {
    value: profile.id,
    label: profile.label,
    description: profile.available ? profile.detail : (profile.reason ?? 'Not available on this machine.'),
    disabled: !profile.available,
    labelTag: profile.defaultRegion,
    // The sandbox profile is named after its kind: saying it twice reads "Local sandbox / Local sandbox".
    tags: [KIND_LABEL[profile.credentialKind], ...(profile.mfaSerial ? ['MFA'] : [])].filter(
      (tag) => tag !== profile.label,
    ),
  };
}
