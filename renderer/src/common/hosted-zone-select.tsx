/**
 * A Route 53 hosted zone picker: the account's zones (Route 53 is global, so only the profile matters), filterable,
 * with loading, error (Retry) and empty states. Used by the launch wizard's and the fleet form's DNS name.
 */
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import type { HostedZoneSummary } from '../../../electron/common/models';
import { selectStatus } from './select-status';
import { useQuery } from './use-command';

export const NO_HOSTED_ZONES = 'No hosted zones in this account: create one in Route 53 first';

export interface HostedZoneSelectProps {
  profileId: string;
  /** The chosen zone id ('' for none). */
  value: string;
  onChange: (zone: HostedZoneSummary) => void;
  invalid?: boolean;
  testId?: string;
}

export function hostedZoneOption(zone: HostedZoneSummary): SelectProps.Option {
  const records = `${zone.recordCount} ${zone.recordCount === 1 ? 'record' : 'records'}`;
  return {
    value: zone.id,
    label: zone.name,
    description: zone.id,
    tags: [zone.private ? 'Private' : 'Public', records],
  };
}

export function HostedZoneSelect({ profileId, value, onChange, invalid, testId }: HostedZoneSelectProps) {
  const zones = useQuery('network.hostedZones', profileId ? { profileId } : null);
  const options = (zones.value ?? []).map(hostedZoneOption);
  // A zone id from a preset or an earlier launch that is not listed (yet) still shows what was chosen.
  const selected = options.find((o) => o.value === value) ?? (value ? { value, label: value } : null);
  return (
    <Select
      data-testid={testId}
      selectedOption={selected}
      options={options}
      invalid={invalid}
      disabled={!profileId}
      placeholder={profileId ? 'Choose a hosted zone' : 'Choose a profile first'}
      filteringType="auto"
      filteringPlaceholder="Find a zone by name or id"
      empty={NO_HOSTED_ZONES}
      {...selectStatus(zones, 'hosted zones')}
      onChange={({ detail }) => {
        const zone = zones.value?.find((z) => z.id === detail.selectedOption.value);
        if (zone) onChange(zone);
      }}
    />
  );
}
