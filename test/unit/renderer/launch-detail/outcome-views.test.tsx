// @vitest-environment happy-dom
// What a finished launch shows: status checks and addresses in the facts, endpoints with web access on success,
// and the highlighted exit code with the last lines on failure.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndpointsPanel } from '../../../../renderer/src/launch-detail/endpoints-panel';
import { FailureTail } from '../../../../renderer/src/launch-detail/failure-tail';
import { LaunchFacts } from '../../../../renderer/src/launch-detail/launch-facts';
import { OutcomeAlert } from '../../../../renderer/src/launch-detail/outcome-alert';
import { LaunchesTable } from '../../../../renderer/src/launches/launches-table';
import { createFakeKilnApi, launchRecord, logLine } from '../../../support/fake-kiln-api';
import { renderWithApi } from '../render-with-api';

afterEach(cleanup);

const DNS = 'ec2-54-1-2-3.compute-1.amazonaws.com';

describe('launch facts', () => {
  it('shows the status checks as the EC2 console words them, only while the instance runs', () => {
    const checkedAt = '2025-01-15T10:01:00.000Z';
    const cases = [
      [{ system: 'ok', instance: 'ok' }, '2/2 checks passed'],
      [{ system: 'ok', instance: 'initializing' }, 'initializing'],
      [{ system: 'ok', instance: 'impaired' }, 'impaired (1/2 checks passed)'],
    ] as const;
    for (const [checks, text] of cases) {
      renderWithApi(<LaunchFacts record={launchRecord({ statusChecks: { ...checks, checkedAt } })} />);
      expect(screen.getByTestId('status-checks').textContent).toBe(text);
      cleanup();
    }
    renderWithApi(
      <LaunchFacts
        record={launchRecord({ instanceState: 'stopped', statusChecks: { system: 'ok', instance: 'ok', checkedAt } })}
      />,
    );
    expect(screen.getByTestId('status-checks').textContent).toBe('–');
  });

  it('shows the public DNS name and IP with copy buttons', () => {
    renderWithApi(<LaunchFacts record={launchRecord({ publicIp: '54.1.2.3', publicDnsName: DNS })} />);
    expect(screen.getByTestId('public-ip').getAttribute('data-value')).toBe('54.1.2.3');
    expect(screen.getByTestId('public-dns').textContent).toContain(DNS);
    expect(screen.getByRole('button', { name: 'Copy Public DNS name' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy Public IP' })).toBeTruthy();
  });

  it('has a status checks column in the launches table', () => {
    const record = launchRecord({
      statusChecks: { system: 'ok', instance: 'ok', checkedAt: '2025-01-15T10:01:00.000Z' },
    });
    renderWithApi(
      <LaunchesTable
        records={[record]}
        loading={false}
        onOpen={() => {}}
        onNewLaunch={() => {}}
        onRefresh={() => {}}
      />,
    );
    expect(screen.getByText('Status checks')).toBeTruthy();
    expect(screen.getByTestId('status-checks').textContent).toBe('2/2 checks passed');
  });
});

describe('endpoints of a successful install', () => {
  it('links http and https, says the ports are closed, and opens them to my IP', async () => {
    const record = launchRecord({ phase: 'succeeded', publicIp: '54.1.2.3', publicDnsName: DNS });
    const api = createFakeKilnApi({ launches: [record] });
    const onRecord = vi.fn();
    renderWithApi(<EndpointsPanel record={record} onRecord={onRecord} />, api);
    expect(screen.getByTestId('endpoint-http').getAttribute('href')).toBe(`http://${DNS}/`);
    expect(screen.getByTestId('endpoint-https').getAttribute('href')).toBe(`https://${DNS}/`);
    expect(screen.getByTestId('endpoint-ip').getAttribute('data-value')).toBe('54.1.2.3');
    const access = screen.getByTestId('web-access');
    expect(access.getAttribute('data-open')).toBe('false');
    expect(access.textContent).toContain('Ports 80 and 443 are not open');
    fireEvent.click(within(access).getByRole('button', { name: 'Open HTTP and HTTPS to my IP' }));
    await waitFor(() =>
      expect(onRecord).toHaveBeenCalledWith(
        expect.objectContaining({ webAccess: expect.objectContaining({ cidr: '203.0.113.9/32' }) }),
      ),
    );
    expect(api.callsOf('launch.openWebAccess')).toEqual([{ launchId: 'launch-1' }]);
  });

  it('says where the ports are open, and that there is no address when there is none', () => {
    const open = launchRecord({
      publicIp: '54.1.2.3',
      webAccess: { cidr: '203.0.113.9/32', openedAt: '2025-01-15T10:02:00.000Z' },
    });
    renderWithApi(<EndpointsPanel record={open} onRecord={() => {}} />);
    expect(screen.getByTestId('web-access').getAttribute('data-open')).toBe('true');
    expect(screen.getByTestId('web-access').textContent).toContain('open to 203.0.113.9/32');
    cleanup();
    renderWithApi(<EndpointsPanel record={launchRecord()} onRecord={() => {}} />);
    expect(screen.getByTestId('endpoints-none')).toBeTruthy();
  });
});

describe('failure outcome', () => {
  it('highlights the exit code and shows the last lines, stderr marked', async () => {
    const lines = Array.from({ length: 14 }, (_, i) => logLine(i + 1));
    lines.push(logLine(15, '\u001b[31merror: missing dependency\u001b[0m', 'stderr'));
    const api = createFakeKilnApi({ logs: { 'launch-1': lines } });
    const record = launchRecord({
      phase: 'failed',
      agentCursor: 16,
      outcome: { result: 'failure', exitCode: 2, signal: null },
    });
    renderWithApi(
      <OutcomeAlert outcome={record.outcome!} terminateDisabled={false} onTerminate={() => {}}>
        <FailureTail record={record} />
      </OutcomeAlert>,
      api,
    );
    expect(screen.getByTestId('exit-code').getAttribute('data-value')).toBe('2');
    expect(screen.getByTestId('outcome').textContent).toContain('exited with code 2.');
    const tail = await screen.findAllByTestId('failure-tail-line');
    expect(tail.map((l) => l.textContent)).toEqual([
      // eslint-disable-next-line no-control-regex -- strips the colour escapes, which start with ESC
      ...lines.slice(-10).map((l) => l.text.replace(/\u001b\[\d+m/g, '')),
    ]);
    expect(tail.at(-1)!.getAttribute('data-stream')).toBe('stderr');
    expect(api.callsOf('launch.log')).toEqual([{ launchId: 'launch-1', after: 5 }]);
  });
});

describe('outcome message', () => {
  const outcome = (message: string) => ({ result: 'success' as const, exitCode: 0, signal: null, message });

  it.each(['install exited with code 0', 'install was stopped by signal SIGTERM', 'Install killed by signal SIGKILL'])(
    'leaves out "%s", which only restates the exit',
    (message) => {
      renderWithApi(
        <OutcomeAlert outcome={outcome(message)} terminateDisabled={false} onTerminate={() => {}} />,
        createFakeKilnApi(),
      );
      expect(screen.getByTestId('outcome').textContent).toContain('The install script exited with code 0.');
      expect(screen.queryByText(message)).toBeNull();
    },
  );

  it('shows a message that says something else', () => {
    renderWithApi(
      <OutcomeAlert outcome={outcome('Reboot required to finish')} terminateDisabled={false} onTerminate={() => {}} />,
      createFakeKilnApi(),
    );
    expect(screen.getByText('Reboot required to finish')).toBeTruthy();
  });
});
