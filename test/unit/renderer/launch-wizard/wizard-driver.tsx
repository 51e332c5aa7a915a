/** Drives the launch wizard in component tests: render it, fill fields, and walk the steps with Next. */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { expect, vi } from 'vitest';
import { LaunchWizard } from '../../../../renderer/src/launch-wizard/launch-wizard';
import { STEPS, stepIndex, type StepId } from '../../../../renderer/src/launch-wizard/step-definitions';
import { createFakeKilnApi, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

// Generous timeouts: the first render of Cloudscape is slow on a loaded machine.
export const patient = { timeout: 5_000 };

export function renderWizard(api: FakeKilnApi = createFakeKilnApi()) {
  const onLaunched = vi.fn();
  const onLaunchedMany = vi.fn();
  const onCancel = vi.fn();
  renderWithApi(<LaunchWizard onLaunched={onLaunched} onLaunchedMany={onLaunchedMany} onCancel={onCancel} />, api);
  return { api, onLaunched, onLaunchedMany, onCancel };
}

export const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }));
export const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
export const clickTile = (testId: string, value: string) =>
  fireEvent.click(cloudscape().find(`[data-testid="${testId}"]`)!.findTiles()!.findInputByValue(value)!.getElement());
export const clickRadio = (testId: string, value: string) =>
  fireEvent.click(
    cloudscape().find(`[data-testid="${testId}"]`)!.findRadioGroup()!.findInputByValue(value)!.getElement(),
  );
export const clickCheckbox = (testId: string) =>
  fireEvent.click(cloudscape().find(`[data-testid="${testId}"]`)!.findCheckbox()!.findNativeInput().getElement());

/** A field only the given step shows: its presence says which step is active. */
const MARKER: Record<StepId, string> = {
  'profile-region': 'region-select',
  'name-tags': 'instance-name-input',
  ami: 'ami-id-input',
  'instance-type': 'instance-type-select',
  'key-pair': 'key-pair-mode',
  network: 'source-radio',
  storage: 'root-volume-size-input',
  'install-script': 'script-editor-kind',
  advanced: 'instance-count-input',
  review: 'review-name',
};

export async function expectStep(id: StepId) {
  await screen.findByTestId(MARKER[id], {}, patient);
}

/** Next did not move on: the step's own field is still there, with the message. */
export async function expectBlockedOn(id: StepId, message: RegExp) {
  await waitFor(() => expect(screen.getAllByText(message).length).toBeGreaterThan(0), patient);
  expect(screen.getByTestId(MARKER[id])).toBeTruthy();
}

/** What must have loaded before Next can pass a step with its preselections. */
async function ready(id: StepId, name: string) {
  if (id === 'profile-region')
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toMatch(/[a-z]{2}-[a-z]+-\d/), patient);
  if (id === 'name-tags' && !screen.getByTestId<HTMLInputElement>('instance-name-input').value)
    type('instance-name-input', name);
  if (id === 'ami')
    await waitFor(() => expect(screen.getByTestId('ami-tiles').querySelector('input:checked')).toBeTruthy(), patient);
  if (id === 'instance-type')
    await waitFor(
      () => expect(screen.getByTestId('instance-type-select').textContent).toMatch(/t3\.micro|t4g\.micro/),
      patient,
    );
}

/** From the first step (or `from`), Next through every step before `target`, filling the name on the way. */
export async function toStep(
  target: StepId,
  { name = 'web-1', from = 'profile-region' }: { name?: string; from?: StepId } = {},
) {
  await expectStep(from);
  for (let index = stepIndex(from); index < stepIndex(target); index++) {
    await ready(STEPS[index].id, name);
    next();
    await expectStep(STEPS[index + 1].id);
  }
}

/** Switches the script editor to the plain text area, which tests can type into. */
export function switchToPlainEditor() {
  fireEvent.click(screen.getByText('Plain text', { exact: true }));
}
