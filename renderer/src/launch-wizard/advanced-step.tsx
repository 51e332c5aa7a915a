/** Instance options most launches leave alone: IMDSv2, an instance profile, shutdown, protection, count, a timer. */
import Box from '@cloudscape-design/components/box';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { ProbeEditor } from '../health/probe-editor';
import type { ProbeFieldErrors, ProbeForm } from '../health/probe-form';
import type { FieldErrors } from './field-errors';
import type { AdvancedForm } from './wizard-form';

export interface AdvancedStepProps {
  advanced: AdvancedForm;
  probes: ProbeForm[];
  errors: FieldErrors;
  onChange: (advanced: AdvancedForm) => void;
  onProbesChange: (probes: ProbeForm[]) => void;
}

/** The wizard's `probes.<i>.<field>` errors as the probe editor keys them. */
function probeErrors(errors: FieldErrors): ProbeFieldErrors {
  const result: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (message !== undefined && key.startsWith('probes.')) result[key.slice('probes.'.length)] = message;
  }
  return result;
}

export function AdvancedStep({ advanced, probes, errors, onChange, onProbesChange }: AdvancedStepProps) {
  const set = (patch: Partial<AdvancedForm>) => onChange({ ...advanced, ...patch });
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Instance details</Header>}>
        <SpaceBetween size="l">
          <FormField
            label="Metadata service"
            description="IMDSv2 needs a session token for every metadata request, which blocks most SSRF attacks on the instance."
            errorText={errors['advanced.imdsv2Required']}
          >
            <div data-testid="imdsv2-checkbox">
              <Checkbox
                checked={advanced.imdsv2Required}
                onChange={({ detail }) => set({ imdsv2Required: detail.checked })}
              >
                Require IMDSv2 (recommended)
              </Checkbox>
            </div>
          </FormField>
          <FormField
            label="IAM instance profile"
            description="The role the instance's software uses. Empty for none."
            constraintText="A name (kiln-builder) or an ARN (arn:aws:iam::123456789012:instance-profile/kiln-builder)."
            errorText={errors['advanced.instanceProfile']}
          >
            <Input
              value={advanced.instanceProfile}
              placeholder="kiln-builder"
              nativeInputAttributes={{ 'data-testid': 'instance-profile-input' }}
              onChange={({ detail }) => set({ instanceProfile: detail.value })}
            />
          </FormField>
          <FormField
            label="Shutdown behavior"
            description="What a shutdown from inside the instance does."
            errorText={errors['advanced.shutdownBehavior']}
          >
            <div data-testid="shutdown-behavior-radio">
              <RadioGroup
                value={advanced.shutdownBehavior}
                items={[
                  { value: 'stop', label: 'Stop' },
                  {
                    value: 'terminate',
                    label: 'Terminate',
                    description: 'The instance and its root volume are deleted.',
                  },
                ]}
                onChange={({ detail }) => set({ shutdownBehavior: detail.value as AdvancedForm['shutdownBehavior'] })}
              />
            </div>
          </FormField>
          <FormField label="Termination protection" errorText={errors['advanced.terminationProtection']}>
            <div data-testid="termination-protection-checkbox">
              <Checkbox
                checked={advanced.terminationProtection}
                description="Terminating needs protection turned off first, in Kiln's terminate too."
                onChange={({ detail }) => set({ terminationProtection: detail.checked })}
              >
                Protect against accidental termination
              </Checkbox>
            </div>
          </FormField>
        </SpaceBetween>
      </Container>
      <Container header={<Header variant="h2">How many, and for how long</Header>}>
        <SpaceBetween size="l">
          <FormField
            label="Number of instances"
            description="Each instance is its own launch, named name-1, name-2…, with its own security group and log."
            constraintText="1 to 20."
            errorText={errors['advanced.count']}
          >
            <Input
              type="number"
              inputMode="numeric"
              value={advanced.count}
              nativeInputAttributes={{ 'data-testid': 'instance-count-input' }}
              onChange={({ detail }) => set({ count: detail.value })}
            />
          </FormField>
          <FormField
            label="Automatic termination"
            constraintText={advanced.autoTerminate ? 'Hours after launch, 1 to 168.' : undefined}
            errorText={errors['advanced.autoTerminateAfterHours']}
          >
            <SpaceBetween size="xs">
              <div data-testid="auto-terminate-checkbox">
                <Checkbox
                  checked={advanced.autoTerminate}
                  description="For experiments: Kiln terminates the instance when the time is up and tags the time on it."
                  onChange={({ detail }) => set({ autoTerminate: detail.checked })}
                >
                  Terminate automatically
                </Checkbox>
              </div>
              {advanced.autoTerminate && (
                <Input
                  type="number"
                  inputMode="numeric"
                  ariaLabel="Hours after launch"
                  value={advanced.autoTerminateAfterHours}
                  nativeInputAttributes={{ 'data-testid': 'auto-terminate-hours-input' }}
                  onChange={({ detail }) => set({ autoTerminateAfterHours: detail.value })}
                />
              )}
            </SpaceBetween>
          </FormField>
        </SpaceBetween>
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            description="HTTP(S) checks Kiln runs from this workstation while it is open, once the instance is up; a probe that fails for its threshold raises a banner and a desktop notification. They can be changed on the launch page too."
          >
            Health probes
          </Header>
        }
      >
        <SpaceBetween size="s">
          {errors.probes && <Box color="text-status-error">{errors.probes}</Box>}
          <ProbeEditor probes={probes} errors={probeErrors(errors)} onChange={onProbesChange} />
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
