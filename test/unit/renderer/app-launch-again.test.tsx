// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app';
import { CUSTOM_IMAGE, createFakeKilnApi, launchRecord, type FakeKilnApi } from '../../support/fake-kiln-api';
import './render-with-api';
import { expectStep, next, patient, toStep } from './launch-wizard/wizard-driver';

afterEach(cleanup);

const past = launchRecord({
  id: 'launch-a',
  phase: 'succeeded',
  outcome: { result: 'success', exitCode: 0, signal: null },
  keyPairName: 'web-key',
  spec: {
    ...launchRecord().spec,
    name: 'web-1',
    region: 'eu-west-1',
    imageId: CUSTOM_IMAGE.imageId,
    instanceType: 't3.small',
    installScript: 'echo again',
    keyPair: { mode: 'create', name: 'web-key', type: 'ed25519', savePath: '/home/op/web-key.pem' },
    tags: [{ key: 'team', value: 'web' }],
  },
});

/** The key pair the past launch created is still in the region. */
const withPast = () => createFakeKilnApi({ launches: [past], keyPairs: [{ name: 'web-key' }, { name: 'team-key' }] });

async function expectWizardFilledFromPast(api: FakeKilnApi) {
  expect((await screen.findByTestId('wizard-fill-notice', {}, patient)).textContent).toContain(
    'Filled in from the launch web-1',
  );
  await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('eu-west-1'), patient);
  next();
  expect((await screen.findByTestId<HTMLInputElement>('instance-name-input', {}, patient)).value).toBe('web-2');
  // A typed AMI and a type other than the preselected one: Next is pressed here rather than by the driver.
  await toStep('ami', { from: 'name-tags' });
  next();
  await expectStep('instance-type');
  await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.small'), patient);
  next();
  await toStep('review', { from: 'key-pair' });
  fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
  await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
  // The key pair that launch created exists now: it is used, not created a second time. (agentPort and
  // keepAgentOpen are not wizard fields: they keep their defaults, as in the past launch.)
  const { agentPort: _port, keepAgentOpen: _open, ...choices } = past.spec;
  expect(api.callsOf('launch.start')[0].spec).toMatchObject({
    ...choices,
    name: 'web-2',
    keyPair: { mode: 'existing', name: 'web-key' },
  });
}

describe('App: Launch again', () => {
  it('opens the wizard filled from the launch shown in the detail view', async () => {
    const api = withPast();
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-link-launch-a'));
    fireEvent.click(await screen.findByTestId('launch-again-button'));
    await expectWizardFilledFromPast(api);
  });

  it('opens the wizard filled from a row of the launches table', async () => {
    const api = withPast();
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-again-launch-a'));
    await expectWizardFilledFromPast(api);
  });

  it('says that the install script of a launch imported from AWS is not known here', async () => {
    const imported = launchRecord({ id: 'launch-i', imported: true, spec: { ...launchRecord().spec, name: 'found' } });
    render(<App api={createFakeKilnApi({ launches: [imported] })} />);
    fireEvent.click(await screen.findByTestId('launch-again-launch-i'));
    expect((await screen.findByTestId('wizard-fill-notice')).textContent).toContain(
      'imported from AWS, so its install script is not known here',
    );
  });

  it('starts an empty wizard again from the navigation after a Launch again', async () => {
    const api = createFakeKilnApi({ launches: [past] });
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-again-launch-a'));
    await screen.findByTestId('wizard-fill-notice');
    fireEvent.click(screen.getAllByText('Launch instance').find((el) => el.closest('nav'))!);
    await waitFor(() => expect(screen.queryByTestId('wizard-fill-notice')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('us-east-1'), patient);
  });
});

describe('App: a key pair that no longer exists', () => {
  it('Launch again sets a deleted key pair to None and says so in the key pair step', async () => {
    const gone = { ...past, id: 'launch-g', phase: 'terminated' as const, keyPairDeleted: true };
    const api = createFakeKilnApi({ launches: [gone], keyPairs: [{ name: 'team-key' }] });
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-again-launch-g'));
    await screen.findByTestId('wizard-fill-notice', {}, patient);
    await waitFor(() => expect(screen.getByTestId('region-select').textContent).toContain('eu-west-1'), patient);
    next();
    await toStep('ami', { from: 'name-tags' });
    next();
    await expectStep('instance-type');
    next();
    await expectStep('key-pair');
    expect((await screen.findByTestId('key-pair-changed', {}, patient)).textContent).toContain(
      'The key pair web-key no longer exists in eu-west-1',
    );
    await toStep('review', { from: 'key-pair' });
    expect(screen.getByTestId('review-key-pair').textContent).toBe('None (EC2 Instance Connect)');
    fireEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('launch.start')).toHaveLength(1), patient);
    expect(api.callsOf('launch.start')[0].spec.keyPair).toEqual({ mode: 'none' });
  });

  it('does not preselect a remembered key pair that was deleted since, and says so', async () => {
    const api = createFakeKilnApi({
      keyPairs: [{ name: 'team-key' }],
      wizardDefaults: { sandbox: { region: 'us-east-1', keyPair: { mode: 'existing', name: 'kiln-demo-key2' } } },
    });
    render(<App api={api} />);
    fireEvent.click(await screen.findByTestId('launch-instance-button'));
    expect((await screen.findByTestId('wizard-fill-notice', {}, patient)).textContent).toContain('last launch');
    await toStep('key-pair', { name: 'web-9' });
    expect((await screen.findByTestId('key-pair-changed', {}, patient)).textContent).toContain('kiln-demo-key2');
    next();
    await expectStep('network');
  });
});
