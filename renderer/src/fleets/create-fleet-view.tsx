/**
 * Create fleet: one form (image and instances, network and security groups, instance profile and storage, capacity,
 * load balancer and DNS), filled in from an image, a launch or the wizard when opened from one, then Review, which asks
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
import type { FleetPlan, FleetRecord, LaunchRecord } from '../../../electron/common/models';
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
import { FleetImageNeeded } from './fleet-image-needed';
import { FleetImageSection } from './fleet-image-section';
import { FleetInstanceOptionsSection } from './fleet-instance-options-section';
import { FleetLoadBalancerSection } from './fleet-load-balancer-section';
import { FleetNetworkSection } from './fleet-network-section';
import { newestBakedImage } from './fleet-prefill';
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
  'securityGroupIds',
  'instanceProfile',
  'storage',
  'storage.rootVolumeSizeGiB',
  'storage.volumeType',
  'storage.encrypted',
  'instancePort',
  'userData',
  'capacity.min',
  'capacity.desired',
  'capacity.max',
  'cpuTarget',
  'loadBalancer.healthCheckPath',
  'loadBalancer.healthCheckPort',
  'loadBalancer.listenerPort',
  'loadBalancer.allowedCidr',
  'loadBalancer.confirmOpenToWorld',
  'dns',
  'dns.hostedZoneId',
  'dns.recordName',
];

export interface CreateFleetViewProps {
  prefill?: FleetPrefill;
  /** The launch the prefill came from, as it is now (its bakes), when it did. */
  launch?: LaunchRecord;
  /** A command returned a newer copy of that launch (a Save as AMI started here). */
  onLaunchRecord?: (record: LaunchRecord) => void;
  onCreated: (record: FleetRecord) => void;
  onCancel: () => void;
}

export function CreateFleetView({ prefill, launch, onLaunchRecord, onCreated, onCancel }: CreateFleetViewProps) {
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
  // A launch without a baked image: its Save as AMI, once available, is the fleet's image (unless one was chosen).
  const bakedFromLaunch = launch && newestBakedImage(launch);
  const shown: FleetForm = { ...form, profileId, region, imageId: form.imageId || bakedFromLaunch?.imageId || '' };

  const where = profileId && region ? { profileId, region } : null;
  const baked = useQuery('images.baked', profileId ? { profileId } : null);
  const architecture =
    (baked.value ?? []).find((i) => i.imageId === shown.imageId && i.region === region)?.architecture ?? 'x86_64';
  const instanceTypes = useQuery('instanceTypes.list', where && { ...where, architecture });
  const options = useLaunchOptions(profileId, region, true, shown.vpcId);
  const operatorCidr = options.operatorAddress.value?.cidr;
  const imageId = shown.imageId.trim();
  const image = useQuery(
    'images.describe',
    where && /^ami-[0-9a-f]{8,17}$/.test(imageId) ? { ...where, imageId } : null,
  );

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
          {prefill && <PrefillNotice prefill={prefill} />}
          {launch && !shown.imageId && (
            <FleetImageNeeded
              launch={launch}
              onRecord={(record) => onLaunchRecord?.(record)}
              onUseLaunchImage={() => set({ imageId: launch.spec.imageId })}
            />
          )}
          <FleetImageSection
            {...section}
            profiles={profiles}
            regions={regions}
            baked={baked}
            instanceTypes={instanceTypes}
            keyPairs={options.keyPairs}
          />
          <FleetNetworkSection
            {...section}
            vpcs={options.vpcs}
            subnets={options.subnets}
            securityGroups={options.securityGroups}
          />
          <FleetInstanceOptionsSection {...section} image={image.value} />
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

/** Where the form's values came from (an image, a launch, the wizard), and what was left out. */
function PrefillNotice({ prefill }: { prefill: FleetPrefill }) {
  const image = prefill.imageId
    ? `the image ${visibleText(prefill.imageName ?? prefill.imageId)} (${prefill.imageId})`
    : undefined;
  const from = prefill.source
    ? `Filled in from ${visibleText(prefill.source)}${image ? `, with ${image}` : ''}`
    : `Filled in from ${image ?? 'an image'}`;
  return (
    <Alert type="info" data-testid="fleet-prefill-notice">
      {from} in {prefill.region}. {prefill.note}
    </Alert>
  );
}
