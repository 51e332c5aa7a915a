/**
 * Asks before terminating: everything that goes away (the instance, Kiln's security group and key pair, the launch
 * secret), and that it cannot be undone. An instance with termination protection
 * is terminated only after the operator types its name (Kiln then turns protection off first). Presentational.
 */
import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';

/** `checking` while Kiln reads the instance's DisableApiTermination. */
export type TerminationProtectionState = 'checking' | 'protected' | 'unprotected';

export interface TerminateModalProps {
  visible: boolean;
  name: string;
  instanceId: string | undefined;
  /** The security group Kiln created for the launch, while it exists. */
  securityGroupId?: string;
  /** The key pair Kiln created for the launch, while it exists. */
  keyPairName?: string;
  protection: TerminationProtectionState;
  /** Why the protection could not be read (the name is asked for then, to be safe). */
  protectionError?: KilnError;
  loading: boolean;
  error: KilnError | undefined;
  /** `confirmName` is what the operator typed, for a protected instance. */
  onConfirm(confirmName: string | undefined): void;
  onDismiss: () => void;
}

export function TerminateModal(props: TerminateModalProps) {
  const { visible, name, instanceId, protection, loading, error } = props;
  const [typed, setTyped] = useState('');
  // Opening the dialog again starts with an empty name (adjusted while rendering, not in an effect).
  const [wasVisible, setWasVisible] = useState(visible);
  if (wasVisible !== visible) {
    setWasVisible(visible);
    if (visible) setTyped('');
  }
  const needsName = protection === 'protected';
  const confirmDisabled = protection === 'checking' || (needsName && typed.trim() !== name);
  return (
    <Modal
      visible={visible}
      header="Terminate instance?"
      onDismiss={() => {
        if (!loading) props.onDismiss();
      }}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" disabled={loading} onClick={props.onDismiss}>
              Cancel
            </Button>
            <Button
              variant="primary"
              data-testid="confirm-terminate-button"
              disabled={confirmDisabled}
              loading={loading}
              onClick={() => props.onConfirm(needsName ? typed.trim() : undefined)}
            >
              Terminate
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">Terminating deletes:</Box>
        <ul data-testid="terminate-deletes">
          <li>
            the instance <strong>{name}</strong>
            {instanceId ? ` (${instanceId})` : ''}
          </li>
          {props.securityGroupId && <li>the security group {props.securityGroupId} Kiln created for it</li>}
          {props.keyPairName && (
            <li>the key pair {props.keyPairName} Kiln created for it (kept while another launch still uses it)</li>
          )}
          <li>the launch secret: its agent token, kept in Parameter Store</li>
        </ul>
        <Box variant="p">Whatever is on the instance and not saved elsewhere is lost; this cannot be undone.</Box>
        {protection === 'checking' && <StatusIndicator type="loading">Checking termination protection</StatusIndicator>}
        {needsName && (
          <FormField
            label={`Type the instance name "${name}" to confirm`}
            description={
              props.protectionError
                ? `Kiln could not check termination protection (${props.protectionError.message}), so it asks for the name to be safe.`
                : 'This instance has termination protection. Kiln turns it off, then terminates the instance.'
            }
          >
            <Input
              data-testid="terminate-confirm-name"
              value={typed}
              placeholder={name}
              ariaLabel="Instance name"
              onChange={(e) => setTyped(e.detail.value)}
            />
          </FormField>
        )}
        {error && <ErrorAlert error={error} header="The instance was not terminated" />}
      </SpaceBetween>
    </Modal>
  );
}
