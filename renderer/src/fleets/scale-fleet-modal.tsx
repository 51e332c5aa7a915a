/** Sets a fleet's min, desired and max, checking min ≤ desired ≤ max ≤ 100 as the operator types. */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { FleetCapacity, FleetRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import { visibleText } from '../common/visible-text';
import { capacityErrors } from './fleet-form';
import { ConfirmFooter } from '../common/confirm-footer';

export interface ScaleFleetModalProps {
  fleet: FleetRecord;
  loading: boolean;
  error: KilnError | undefined;
  onConfirm: (capacity: FleetCapacity) => void;
  onDismiss: () => void;
}

const FIELDS = [
  { key: 'min', label: 'Minimum' },
  { key: 'desired', label: 'Desired' },
  { key: 'max', label: 'Maximum' },
] as const;

export function ScaleFleetModal({ fleet, loading, error, onConfirm, onDismiss }: ScaleFleetModalProps) {
  const current = fleet.spec.capacity;
  const [text, setText] = useState({ min: `${current.min}`, desired: `${current.desired}`, max: `${current.max}` });
  const errors = capacityErrors(text);
  const valid = Object.keys(errors).length === 0;
  return (
    <Modal
      visible
      data-testid="scale-fleet-modal"
      header={`Scale ${visibleText(fleet.spec.name)}`}
      onDismiss={() => {
        if (!loading) onDismiss();
      }}
      footer={
        <ConfirmFooter
          confirmText="Scale"
          confirmTestId="scale-fleet-confirm"
          onConfirm={() => onConfirm({ min: Number(text.min), desired: Number(text.desired), max: Number(text.max) })}
          onCancel={onDismiss}
          loading={loading}
          disabled={!valid}
        />
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Auto Scaling keeps between the minimum and the maximum, starting from the desired capacity; the CPU policy
          moves the desired capacity within them. At most 100 instances.
        </Box>
        <ColumnLayout columns={3}>
          {FIELDS.map(({ key, label }) => (
            <FormField key={key} label={label} errorText={errors[`capacity.${key}`]}>
              <Input
                type="number"
                inputMode="numeric"
                value={text[key]}
                nativeInputAttributes={{ 'data-testid': `scale-${key}-input` }}
                onChange={({ detail }) => setText({ ...text, [key]: detail.value })}
              />
            </FormField>
          ))}
        </ColumnLayout>
        {error && <ErrorAlert error={error} header="The fleet was not scaled" />}
      </SpaceBetween>
    </Modal>
  );
}
