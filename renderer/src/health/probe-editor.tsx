/**
 * Editing a launch's probes (the launch page's Health section and the wizard's Advanced step): one row of fields per
 * probe with its inline error, add and remove. HTTPS to an instance has no certificate the workstation trusts, so
 * the row says that certificate errors are reported but do not count as down unless a valid one is required.
 */
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { MAX_PROBES_PER_LAUNCH } from '../../../electron/common/models';
import { newProbeForm, type ProbeFieldErrors, type ProbeForm } from './probe-form';

export interface ProbeEditorProps {
  probes: ProbeForm[];
  errors: ProbeFieldErrors;
  onChange: (probes: ProbeForm[]) => void;
  disabled?: boolean;
}

const PROTOCOLS = [
  { value: 'http', label: 'HTTP' },
  { value: 'https', label: 'HTTPS' },
];

export function ProbeEditor({ probes, errors, onChange, disabled }: ProbeEditorProps) {
  const change = (index: number, patch: Partial<ProbeForm>) =>
    onChange(probes.map((probe, i) => (i === index ? { ...probe, ...patch } : probe)));
  return (
    <SpaceBetween size="m">
      {probes.length === 0 && <Box color="text-body-secondary">No probes. Add one to have Kiln check a URL.</Box>}
      {probes.map((probe, index) => {
        const error = (field: keyof ProbeForm) => errors[`${index}.${field}`];
        const text = (
          field: 'port' | 'path' | 'expectedStatus' | 'bodyContains' | 'intervalSeconds' | 'thresholdSeconds',
          label: string,
          extra: { constraint?: string; numeric?: boolean; placeholder?: string } = {},
        ) => (
          <FormField label={label} constraintText={extra.constraint} errorText={error(field)}>
            <Input
              value={probe[field]}
              disabled={disabled}
              type={extra.numeric ? 'number' : 'text'}
              inputMode={extra.numeric ? 'numeric' : undefined}
              placeholder={extra.placeholder}
              ariaLabel={`Probe ${index + 1} ${label.toLowerCase()}`}
              nativeInputAttributes={{ 'data-testid': `probe-${index}-${field}` }}
              onChange={({ detail }) => change(index, { [field]: detail.value })}
            />
          </FormField>
        );
        return (
          <div key={probe.id ?? `new-${index}`} data-testid={`probe-row-${index}`}>
            <SpaceBetween size="s">
              <ColumnLayout columns={4}>
                <FormField label="Protocol">
                  <Select
                    selectedOption={PROTOCOLS.find((p) => p.value === probe.protocol) ?? null}
                    options={PROTOCOLS}
                    disabled={disabled}
                    ariaLabel={`Probe ${index + 1} protocol`}
                    onChange={({ detail }) =>
                      change(index, { protocol: detail.selectedOption.value as ProbeForm['protocol'] })
                    }
                  />
                </FormField>
                {text('port', 'Port', { numeric: true, constraint: '1 to 65535.' })}
                {text('path', 'URL path', { placeholder: '/health' })}
                {text('expectedStatus', 'Expected status', { numeric: true })}
                {text('bodyContains', 'Body contains', { placeholder: 'Optional text' })}
                {text('intervalSeconds', 'Interval (s)', { numeric: true, constraint: 'At least 10.' })}
                {text('thresholdSeconds', 'Down after (s)', {
                  numeric: true,
                  constraint: 'Failing this long; at least the interval.',
                })}
                <Box padding={{ top: 'l' }}>
                  <Button disabled={disabled} onClick={() => onChange(probes.filter((_, i) => i !== index))}>
                    Remove
                  </Button>
                </Box>
              </ColumnLayout>
              {probe.protocol === 'https' && (
                <Checkbox
                  checked={probe.requireValidCertificate}
                  disabled={disabled}
                  description="Instances rarely have a certificate this workstation trusts: certificate errors are reported on the probe but do not count as down unless this is ticked."
                  onChange={({ detail }) => change(index, { requireValidCertificate: detail.checked })}
                >
                  Require a valid certificate
                </Checkbox>
              )}
            </SpaceBetween>
          </div>
        );
      })}
      <Button
        iconName="add-plus"
        data-testid="add-probe-button"
        disabled={disabled || probes.length >= MAX_PROBES_PER_LAUNCH}
        onClick={() => onChange([...probes, newProbeForm()])}
      >
        Add probe
      </Button>
    </SpaceBetween>
  );
}
