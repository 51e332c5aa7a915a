/**
 * The optional Application Load Balancer (health check path and port, listener port, who may reach it: My IP by default, a
 * CIDR block, or everyone once confirmed, as in the launch wizard) and the optional Route 53 name for it.
 */
import Alert from '@cloudscape-design/components/alert';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Toggle from '@cloudscape-design/components/toggle';
import { HostedZoneSelect } from '../common/hosted-zone-select';
import type { QueryState } from '../common/use-command';
import { allowedCidr, openWording, type FleetSource } from './fleet-form';
import type { FleetSectionProps } from './fleet-section-props';

export interface FleetLoadBalancerSectionProps extends FleetSectionProps {
  operatorAddress: QueryState<{ cidr: string }>;
}

export function FleetLoadBalancerSection(props: FleetLoadBalancerSectionProps) {
  const { form, set, errorAt, operatorAddress } = props;
  const myIp = operatorAddress.value?.cidr;
  const wording = openWording(form, myIp);
  return (
    <Container header={<Header variant="h2">Load balancer and DNS name</Header>}>
      <SpaceBetween size="l">
        <Toggle
          data-testid="fleet-lb-toggle"
          checked={form.loadBalancer}
          onChange={({ detail }) => set({ loadBalancer: detail.checked, dns: detail.checked && form.dns })}
        >
          Put an Application Load Balancer in front of the fleet
        </Toggle>
        {form.loadBalancer && (
          <SpaceBetween size="l">
            <FormField
              label="Health check path"
              description="Instances that do not answer it with 200 are replaced."
              errorText={errorAt('loadBalancer.healthCheckPath')}
            >
              <Input
                value={form.healthCheckPath}
                nativeInputAttributes={{ 'data-testid': 'fleet-health-path-input' }}
                onChange={({ detail }) => set({ healthCheckPath: detail.value })}
              />
            </FormField>
            <FormField
              label="Health check port (optional)"
              description="Where the health check asks, when the instances answer it on another port."
              constraintText={`Empty checks on the instance port (${form.instancePort}).`}
              errorText={errorAt('loadBalancer.healthCheckPort')}
            >
              <Input
                type="number"
                inputMode="numeric"
                value={form.healthCheckPort}
                placeholder={form.instancePort}
                nativeInputAttributes={{ 'data-testid': 'fleet-health-port-input' }}
                onChange={({ detail }) => set({ healthCheckPort: detail.value })}
              />
            </FormField>
            <FormField label="Listener port (HTTP)" errorText={errorAt('loadBalancer.listenerPort')}>
              <Input
                type="number"
                inputMode="numeric"
                value={form.listenerPort}
                nativeInputAttributes={{ 'data-testid': 'fleet-listener-port-input' }}
                onChange={({ detail }) => set({ listenerPort: detail.value })}
              />
            </FormField>
            <FormField label="Who may reach the load balancer" errorText={errorAt('loadBalancer.allowedCidr')}>
              <div data-testid="fleet-source-radio">
                <RadioGroup
                  value={form.source}
                  items={[
                    {
                      value: 'my-ip',
                      label: 'My IP',
                      description:
                        myIp ?? (operatorAddress.error ? `Unknown: ${operatorAddress.error.message}` : 'detecting…'),
                    },
                    { value: 'cidr', label: 'Custom CIDR' },
                    { value: 'world', label: 'Anyone (0.0.0.0/0)', description: 'A public service.' },
                  ]}
                  onChange={({ detail }) => set({ source: detail.value as FleetSource, confirmOpen: false })}
                />
              </div>
            </FormField>
            {form.source === 'cidr' && (
              <FormField label="CIDR" constraintText="IPv4, e.g. 203.0.113.0/24.">
                <Input
                  value={form.cidr}
                  placeholder={myIp ?? '203.0.113.7/32'}
                  nativeInputAttributes={{ 'data-testid': 'fleet-cidr-input' }}
                  onChange={({ detail }) => set({ cidr: detail.value, confirmOpen: false })}
                />
              </FormField>
            )}
            {wording && (
              <SpaceBetween size="s">
                <Alert type="warning">
                  {allowedCidr(form, myIp)} lets {wording} reach the load balancer on port {form.listenerPort}, not only
                  your own address.
                </Alert>
                <FormField errorText={errorAt('loadBalancer.confirmOpenToWorld')}>
                  <div data-testid="fleet-confirm-open">
                    <Checkbox
                      checked={form.confirmOpen}
                      onChange={({ detail }) => set({ confirmOpen: detail.checked })}
                    >
                      I understand the load balancer is open to {wording}
                    </Checkbox>
                  </div>
                </FormField>
              </SpaceBetween>
            )}
          </SpaceBetween>
        )}
        <FormField errorText={errorAt('dns')}>
          <Toggle
            data-testid="fleet-dns-toggle"
            checked={form.dns}
            disabled={!form.loadBalancer}
            onChange={({ detail }) => set({ dns: detail.checked })}
          >
            Give the load balancer a DNS name (a Route 53 alias record)
            {form.loadBalancer ? '' : ': needs the load balancer'}
          </Toggle>
        </FormField>
        {form.dns && (
          <SpaceBetween size="l">
            <FormField
              label="Hosted zone"
              description="The Route 53 hosted zone that holds the name."
              errorText={errorAt('dns.hostedZoneId')}
            >
              <HostedZoneSelect
                profileId={form.profileId}
                value={form.hostedZoneId}
                invalid={Boolean(errorAt('dns.hostedZoneId'))}
                testId="fleet-zone-select"
                onChange={(zone) => set({ hostedZoneId: zone.id })}
              />
            </FormField>
            <FormField
              label="Record name"
              description="A name inside the zone that has no record yet, e.g. app.example.com."
              errorText={errorAt('dns.recordName')}
            >
              <Input
                value={form.recordName}
                nativeInputAttributes={{ 'data-testid': 'fleet-record-input' }}
                onChange={({ detail }) => set({ recordName: detail.value })}
              />
            </FormField>
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}
