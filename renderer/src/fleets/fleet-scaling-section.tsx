/** How many instances: min / desired / max, and the target-tracking CPU policy (default 80 %) or none. */
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Toggle from '@cloudscape-design/components/toggle';
import type { FleetSectionProps } from './fleet-section-props';

const FIELDS = [
  { key: 'min', label: 'Minimum' },
  { key: 'desired', label: 'Desired' },
  { key: 'max', label: 'Maximum' },
] as const;

export function FleetScalingSection({ form, set, errorAt }: FleetSectionProps) {
  return (
    <Container
      header={
        <Header variant="h2" description="Auto Scaling keeps the fleet between the minimum and the maximum.">
          Capacity and scaling
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ColumnLayout columns={3}>
          {FIELDS.map(({ key, label }) => (
            <FormField key={key} label={label} errorText={errorAt(`capacity.${key}`)}>
              <Input
                type="number"
                inputMode="numeric"
                value={form[key]}
                nativeInputAttributes={{ 'data-testid': `fleet-${key}-input` }}
                onChange={({ detail }) => set({ [key]: detail.value })}
              />
            </FormField>
          ))}
        </ColumnLayout>
        <Toggle checked={form.cpuScaling} onChange={({ detail }) => set({ cpuScaling: detail.checked })}>
          Scale on average CPU (target tracking)
        </Toggle>
        {form.cpuScaling && (
          <FormField
            label="CPU target (%)"
            description="Auto Scaling adds instances above it and removes them below it."
            constraintText="10 to 95."
            errorText={errorAt('cpuTarget')}
          >
            <Input
              type="number"
              inputMode="numeric"
              value={form.cpuTarget}
              nativeInputAttributes={{ 'data-testid': 'fleet-cpu-target-input' }}
              onChange={({ detail }) => set({ cpuTarget: detail.value })}
            />
          </FormField>
        )}
      </SpaceBetween>
    </Container>
  );
}
