// @vitest-environment happy-dom
// A launch's DNS name on its page: the name, its value and whether Route 53 holds it, a failure with its remedy.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchDnsRecord } from '../../../../electron/common/models';
import { LaunchFacts } from '../../../../renderer/src/launch-detail/launch-facts';
import { launchRecord } from '../../../support/fake-kiln-api';

afterEach(cleanup);

const dns = (over: Partial<LaunchDnsRecord>): LaunchDnsRecord => ({
  hostedZoneId: 'Z1PUBLIC',
  recordName: 'ci.example.test',
  privateZone: false,
  state: 'pending',
  ...over,
});

describe('the DNS name on the launch page', () => {
  it('shows the name, the address it holds and that it is in sync', () => {
    render(<LaunchFacts record={launchRecord({ dns: dns({ state: 'in-sync', value: '54.1.2.3' }) })} />);
    expect(screen.getByTestId('launch-dns-name').getAttribute('data-value')).toBe('ci.example.test');
    const state = screen.getByTestId('launch-dns-state');
    expect(state.getAttribute('data-state')).toBe('in-sync');
    expect(state.textContent).toContain('In sync: 54.1.2.3');
    expect(screen.getByText('Public hosted zone Z1PUBLIC')).toBeTruthy();
  });

  it('says the record is taken down while the instance is stopped', () => {
    render(<LaunchFacts record={launchRecord({ dns: dns({ state: 'parked', value: '54.1.2.3' }) })} />);
    const state = screen.getByTestId('launch-dns-state');
    expect(state.getAttribute('data-state')).toBe('parked');
    expect(state.textContent).toContain('Taken down while the instance is stopped: written again when it starts');
  });

  it('shows a failed change with its message and what to do', () => {
    const failed = dns({
      state: 'failed',
      value: '54.1.2.3',
      error: { code: 'AccessDenied', message: 'not allowed to change records', remedy: 'Ask for route53 rights.' },
    });
    render(<LaunchFacts record={launchRecord({ dns: failed })} />);
    expect(screen.getByTestId('launch-dns-state').textContent).toContain('Failed: not allowed to change records');
    expect(screen.getByText('Ask for route53 rights.')).toBeTruthy();
  });

  it('shows nothing about DNS for a launch without a DNS name', () => {
    render(<LaunchFacts record={launchRecord({})} />);
    expect(screen.queryByTestId('launch-dns-name')).toBeNull();
  });
});
