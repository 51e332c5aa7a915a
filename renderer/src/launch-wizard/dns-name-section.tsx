/**
 * The wizard's DNS name (Advanced step): an A record for the instance in a Route 53 hosted zone the operator picks,
 * pointed at its public IP (its private IP in a private zone), kept up to date when it restarts, removed on terminate.
 */
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Toggle from '@cloudscape-design/components/toggle';
import type { HostedZoneSummary } from '../../../electron/common/models';
import { HostedZoneSelect } from '../common/hosted-zone-select';
import { errorUnder, type FieldErrors } from './field-errors';
import type { DnsForm } from './wizard-form';

export interface DnsNameSectionProps {
  profileId: string;
  /** The instance's name, for the suggested record name. */
  instanceName: string;
  dns: DnsForm;
  errors: FieldErrors;
  onChange: (dns: DnsForm) => void;
}

/** `web server` in `example.com` → `web-server.example.com`: a first suggestion, edited freely. */
export function suggestedRecordName(instanceName: string, zoneName: string): string {
  const label = instanceName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return `${label || 'instance'}.${zoneName}`;
}

export function DnsNameSection({ profileId, instanceName, dns, errors, onChange }: DnsNameSectionProps) {
  const set = (patch: Partial<DnsForm>) => onChange({ ...dns, ...patch });
  const chooseZone = (zone: HostedZoneSummary) =>
    set({
      hostedZoneId: zone.id,
      // Only an empty name gets the suggestion: a name the operator typed is theirs.
      recordName: dns.recordName.trim() ? dns.recordName : suggestedRecordName(instanceName, zone.name),
    });
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="An A record in a Route 53 hosted zone for this instance: its public IP (its private IP in a private zone), moved when a restart gives it a new one, deleted on terminate."
        >
          DNS name
        </Header>
      }
    >
      <SpaceBetween size="l">
        <FormField errorText={errors.dns}>
          <Toggle
            data-testid="wizard-dns-toggle"
            checked={dns.enabled}
            onChange={({ detail }) => set({ enabled: detail.checked })}
          >
            Give the instance a DNS name
          </Toggle>
        </FormField>
        {dns.enabled && (
          <SpaceBetween size="l">
            <FormField
              label="Hosted zone"
              description="A public zone needs an instance with a public IP (Network step)."
              errorText={errors['dns.hostedZoneId']}
            >
              <HostedZoneSelect
                profileId={profileId}
                value={dns.hostedZoneId}
                invalid={Boolean(errors['dns.hostedZoneId'])}
                testId="wizard-zone-select"
                onChange={chooseZone}
              />
            </FormField>
            <FormField
              label="Record name"
              description="A name inside the zone that has no record yet, e.g. build.example.com."
              errorText={errorUnder(errors, 'dns.recordName')}
            >
              <Input
                value={dns.recordName}
                placeholder="build.example.com"
                nativeInputAttributes={{ 'data-testid': 'wizard-record-input' }}
                onChange={({ detail }) => set({ recordName: detail.value })}
              />
            </FormField>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
