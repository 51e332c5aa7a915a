// @vitest-environment happy-dom
// The wizard's DNS name (Advanced step): the zone picked in the hosted zone picker with a suggested record name, the
// name on the Review step and in the spec; a malformed name and a name for several instances block Next; a
// refusal from the backend (public zone, no public IP) is shown at the zone; a spec with a DNS name (launch again,
// presets) fills the section back in.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { suggestedRecordName } from '../../../../renderer/src/launch-wizard/dns-name-section';
import { formFromSpec } from '../../../../renderer/src/launch-wizard/form-from-spec';
import { toSpecInput } from '../../../../renderer/src/launch-wizard/wizard-form';
import { createFakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape } from '../render-with-api';
import { expectBlockedOn, expectStep, next, patient, renderWizard, toStep, type } from './wizard-driver';

afterEach(cleanup);

const ZONES = [
  { id: 'Z1PUBLIC', name: 'example.test', private: false, recordCount: 2 },
  { id: 'Z2PRIVATE', name: 'internal.test', private: true, recordCount: 2 },
];

async function pickZone(zoneId: string) {
  fireEvent.click(cloudscape().findToggle('[data-testid="wizard-dns-toggle"]')!.findNativeInput().getElement());
  const zones = cloudscape().findSelect('[data-testid="wizard-zone-select"]')!;
  zones.openDropdown();
  await waitFor(() => expect(zones.findDropdown().findOptionByValue(zoneId)).toBeTruthy(), patient);
  zones.selectOptionByValue(zoneId);
}

describe('LaunchWizard: DNS name', () => {
  it('picks the zone, suggests a name from the instance name, and sends the DNS name with launch.start', async () => {
    const { api, onLaunched } = renderWizard(createFakeKilnApi({ hostedZones: ZONES }));
    await toStep('advanced', { name: 'Build Box' });
    await pickZone('Z1PUBLIC');
    expect(screen.getByTestId<HTMLInputElement>('wizard-record-input').value).toBe('build-box.example.test');
    type('wizard-record-input', 'ci.example.test');
    next();
    await expectStep('review');
    expect(screen.getByTestId('review-dns').textContent).toBe('ci.example.test (A record in hosted zone Z1PUBLIC)');
    expect(screen.getByTestId('review-created').textContent).toContain('An A record ci.example.test');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledTimes(1), patient);
    expect(api.callsOf('launch.start')[0].spec.dns).toEqual({
      hostedZoneId: 'Z1PUBLIC',
      recordName: 'ci.example.test',
    });
  });

  it('blocks Next on a malformed name and on a DNS name for several instances', async () => {
    renderWizard(createFakeKilnApi({ hostedZones: ZONES }));
    await toStep('advanced');
    await pickZone('Z2PRIVATE');
    type('wizard-record-input', 'not a name');
    next();
    await expectBlockedOn('advanced', /Type a DNS name such as app\.example\.com/);
    type('wizard-record-input', 'db.internal.test');
    type('instance-count-input', '2');
    next();
    await expectBlockedOn('advanced', /A DNS name points at one instance/);
  });

  it('shows a refusal about the zone at the zone picker', async () => {
    const api = createFakeKilnApi({ hostedZones: ZONES });
    api.respond('launch.start', () => ({
      ok: false,
      error: {
        code: 'DnsNeedsPublicIp',
        message: 'example.test is a public hosted zone, but this instance gets no public IP address.',
        remedy: 'Turn on the public IP.',
        field: 'dns.hostedZoneId',
      },
    }));
    renderWizard(api);
    await toStep('advanced');
    await pickZone('Z1PUBLIC');
    next();
    await expectStep('review');
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await screen.findByTestId('wizard-error', {}, patient);
    fireEvent.click(screen.getByRole('button', { name: 'Go to Advanced' }));
    await expectStep('advanced');
    const field = cloudscape().findFormField(':has([data-testid="wizard-zone-select"])')!;
    await waitFor(() => expect(field.findError()!.getElement().textContent).toContain('gets no public IP address'));
  });
});

describe('the DNS name in the form', () => {
  it('goes into the spec only when turned on, and comes back from a spec', () => {
    const form = formFromSpec({ dns: { hostedZoneId: 'Z1', recordName: 'a.example.test' } });
    expect(form.dns).toEqual({ enabled: true, hostedZoneId: 'Z1', recordName: 'a.example.test' });
    expect(toSpecInput(form).dns).toEqual({ hostedZoneId: 'Z1', recordName: 'a.example.test' });
    expect(toSpecInput({ ...form, dns: { ...form.dns, enabled: false } }).dns).toBeUndefined();
    expect(formFromSpec({}).dns.enabled).toBe(false);
  });

  it('suggests a record name from the instance name', () => {
    expect(suggestedRecordName('Web Server #1', 'example.com')).toBe('web-server-1.example.com');
    expect(suggestedRecordName('---', 'example.com')).toBe('instance.example.com');
  });
});
