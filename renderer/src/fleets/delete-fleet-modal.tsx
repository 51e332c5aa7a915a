/**
 * Asks before deleting a fleet: every resource it removes, newest first (the order Delete goes in), and the fleet's
 * name typed to confirm, since nothing of it can be had back. It closes on confirm: the deletion takes minutes, and
 * the list shows its progress and any failure.
 */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import type { FleetRecord } from '../../../electron/common/models';
import { visibleText } from '../common/visible-text';
import { resourcesNewestFirst } from './fleets-store';
import { ConfirmFooter } from '../common/confirm-footer';

export interface DeleteFleetModalProps {
  fleet: FleetRecord;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function DeleteFleetModal({ fleet, onConfirm, onDismiss }: DeleteFleetModalProps) {
  const [typed, setTyped] = useState('');
  const name = fleet.spec.name;
  const resources = resourcesNewestFirst(fleet);
  return (
    <Modal
      visible
      data-testid="delete-fleet-modal"
      header={`Delete ${visibleText(name)}?`}
      onDismiss={onDismiss}
      footer={
        <ConfirmFooter
          confirmText="Delete fleet"
          confirmTestId="delete-fleet-confirm"
          onConfirm={onConfirm}
          onCancel={onDismiss}
          disabled={typed !== name}
        />
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Kiln scales the group to zero, waits for its instances to terminate, then removes every resource of the fleet.
          This cannot be undone.
        </Box>
        <div data-testid="delete-fleet-resources">
          <Box variant="awsui-key-label">
            {resources.length === 0
              ? 'The fleet has no resources left in AWS.'
              : `Removed in this order (${resources.length})`}
          </Box>
          <ol className="kiln-plain-list">
            {resources.map((r) => (
              <li key={`${r.kind}:${r.name}`} data-testid="delete-fleet-resource" data-kind={r.kind}>
                {r.kind} <code>{visibleText(r.name)}</code>
                {r.id && r.id !== r.name && <Box variant="small"> {visibleText(r.id)}</Box>}
              </li>
            ))}
          </ol>
        </div>
        <FormField label={`Type the fleet's name, ${visibleText(name)}, to confirm`}>
          <Input
            value={typed}
            ariaLabel="Fleet name to confirm"
            nativeInputAttributes={{ 'data-testid': 'delete-fleet-name-input' }}
            onChange={({ detail }) => setTyped(detail.value)}
          />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
