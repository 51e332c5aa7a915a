/**
 * Create fleet: one form (image and instances, network, capacity, load balancer and DNS), then Review, which asks
 * the backend for the plan (every resource, the cost at min and at max, what Delete removes) and shows its refusals
 * at their fields, then Create, with the resources counted as they are made.
 */
import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Form from '@cloudscape-design/components/form';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { FleetPlan, FleetRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert, errorText } from '../common/error-alert';
import { useCommand, useEvent, useQuery } from '../common/use-command';
import { visibleText } from '../common/visible-text';
import { useLaunchOptions } from '../launch-wizard/use-launch-options';
import {
  emptyFleetForm,
  errorField,
  fleetFormErrors,
  toFleetSpec,
  type FleetForm,
  type FleetPrefill,
} from './fleet-form';
import { FleetImageSection } from './fleet-image-section';
import { FleetLoadBalancerSection } from './fleet-load-balancer-section';
import { FleetNetworkSection } from './fleet-network-section';
import { FleetReview } from './fleet-review';
import { FleetScalingSection } from './fleet-scaling-section';

/** The fields the form shows a refusal at; a refusal naming another field shows above the buttons. */
const SHOWN_FIELDS = [
  'profileId',
  'region',
  'name',
  'imageId',
  'instanceType',
  'keyName',
  'subnetIds',
  'instancePort',
  'userData',
  'capacity.min',
  'capacity.desired',
  'capacity.max',
  'cpuTarget',
  'loadBalancer.healthCheckPath',
  'loadBalancer.listenerPort',
  'loadBalancer.allowedCidr',
  'loadBalancer.confirmOpenToWorld',
  'dns',
  'dns.hostedZoneId',
  'dns.recordName',
];

export interface CreateFleetViewProps {
  prefill?: FleetPrefill;
  onCreated: (record: FleetRecord) => void;
  onCancel: () => void;
}

export function CreateFleetView({ prefill, onCreated, onCancel }: CreateFleetViewProps) {
  const [form, setForm] = useState<FleetForm>(() => emptyFleetForm(prefill));
  const [showErrors, setShowErrors] = useState(false);
  const [plan, setPlan] = useState<FleetPlan>();
  const [refusal, setRefusal] = useState<KilnError>();
  const [progress, setProgress] = useState<FleetRecord>();
  const preview = useCommand('fleets.preview');
  const create = useCommand('fleets.create');

  const profiles = useQuery('profiles.list', {});
  const profileId = form.profileId || (profiles.value ?? []).find((p) => p.available)?.id || '';
  const regions = useQuery('regions.list', profileId ? { profileId } : null);
  const profile = profiles.value?.find((p) => p.id === profileId);
  const regionNames = (regions.value ?? []).map((r) => r.name);
  const preferred = profile?.defaultRegion && regionNames.includes(profile.defaultRegion) ? profile.defaultRegion : '';
  const region = form.region || preferred || regionNames[0] || '';
  const shown: FleetForm = { ...form, profileId, region };

  const where = profileId && region ? { profileId, region } : null;
  const baked = useQuery('images.baked', profileId ? { profileId } : null);
  const architecture =
    (baked.value ?? []).find((i) => i.imageId === shown.imageId && i.region === region)?.architecture ?? 'x86_64';
  const instanceTypes = useQuery('instanceTypes.list', where && { ...where, architecture });
  const options = useLaunchOptions(profileId, region, true, shown.vpcId);
  const operatorCidr = options.operatorAddress.value?.cidr;

  const errors = showErrors ? fleetFormErrors(shown, operatorCidr) : {};
  const refusedField = refusal ? errorField(refusal) : undefined;
  const fieldShown = refusedField !== undefined && SHOWN_FIELDS.includes(refusedField);
  const errorAt = (field: string) =>
    errors[field] ?? (refusal && refusedField === field ? errorText(refusal) : undefined);

  // The fleet being created shows its resources as they are made (fleets.updated while fleets.create runs).
  useEvent('fleets.updated', (record) => {
    if (create.loading && record.spec.name === shown.name.trim() && record.state === 'creating') setProgress(record);
  });

  function set(patch: Partial<FleetForm>) {
    setForm((current) => ({ ...current, profileId, region, ...patch }));
    // Whatever the review said was about the form as it was.
    setPlan(undefined);
    setRefusal(undefined);
  }

  async function review() {
    setShowErrors(true);
    if (Object.keys(fleetFormErrors(shown, operatorCidr)).length > 0) return;
    const result = await preview.run({ spec: toFleetSpec(shown, operatorCidr) });
    if (result.ok) setPlan(result.value);
    else setRefusal(result.error);
  }

  async function submit() {
    setProgress(undefined);
    // The review's id: the fleet gets the very names the review showed.
    const result = await create.run({ spec: toFleetSpec(shown, operatorCidr), fleetId: plan?.fleetId });
    if (result.ok) onCreated(result.value);
    else {
      setPlan(undefined);
      setRefusal(result.error);
    }
  }

  const busy = preview.loading || create.loading;
  const section = { form: shown, set, errorAt };
  return (
    <div data-testid="create-fleet-view">
      <Form
        header={
          <Header
            variant="h1"
            description="One image on many instances: a launch template, an Auto Scaling group, and optionally a load balancer with a DNS name."
          >
            Create fleet
          </Header>
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={create.loading} onClick={onCancel}>
              Cancel
            </Button>
            {plan ? (
              <Button
                variant="primary"
                data-testid="fleet-create"
                loading={create.loading}
                onClick={() => void submit()}
              >
                Create fleet
              </Button>
            ) : (
              <Button
                variant="primary"
                data-testid="fleet-review-button"
                loading={preview.loading}
                disabled={busy}
                onClick={() => void review()}
              >
                Review
              </Button>
            )}
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          {prefill && (
            <Alert type="info" data-testid="fleet-prefill-notice">
              Filled in from the image {visibleText(prefill.imageName ?? prefill.imageId)} ({prefill.imageId}) in{' '}
              {prefill.region}.
            </Alert>
          )}
          <FleetImageSection
            {...section}
            profiles={profiles}
            regions={regions}
            baked={baked}
            instanceTypes={instanceTypes}
            keyPairs={options.keyPairs}
          />
          <FleetNetworkSection {...section} vpcs={options.vpcs} subnets={options.subnets} />
          <FleetScalingSection {...section} />
          <FleetLoadBalancerSection {...section} operatorAddress={options.operatorAddress} />
          {plan && <FleetReview plan={plan} hasLoadBalancer={shown.loadBalancer} />}
          {create.loading && (
            <div data-testid="fleet-create-progress">
              <StatusIndicator type="loading">
                Creating the fleet
                {progress && plan ? `: ${progress.resources.length} of ${plan.resources.length} resources made` : '…'}
              </StatusIndicator>
            </div>
          )}
          {refusal && (
            <ErrorAlert
              testId="fleet-refusal"
              error={refusal}
              header={fieldShown ? 'Kiln refused the fleet: see the highlighted field' : undefined}
            />
          )}
        </SpaceBetween>
      </Form>
    </div>
  );
}
