// @vitest-environment happy-dom
// Terminate through the launch detail view with the fake API: a protected instance needs its typed name.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LaunchRecord } from '../../../../electron/common/models';
import { fail } from '../../../../electron/common/result';
import { ConsoleTerminalContext } from '../../../../renderer/src/launch-detail/console/console-terminal';
import { LaunchDetailView } from '../../../../renderer/src/launch-detail/launch-detail-view';
import { createFakeKilnApi, launchRecord, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';
import { fakeTerminalFactory } from './console/fake-terminal';

afterEach(cleanup);

function renderDetail(record: LaunchRecord, api: FakeKilnApi) {
  const onRecord = vi.fn();
  renderWithApi(
    <ConsoleTerminalContext.Provider value={fakeTerminalFactory().factory}>
      <LaunchDetailView
        launchId={record.id}
        record={record}
        loading={false}
        loadError={undefined}
        onBack={() => {}}
        onRetryLoad={() => {}}
        onRecord={onRecord}
      />
    </ConsoleTerminalContext.Provider>,
    api,
  );
  return onRecord;
}

const protectedRecord = () =>
  launchRecord({
    spec: {
      ...launchRecord().spec,
      name: 'db-primary',
      advanced: {
        imdsv2Required: true,
        instanceProfile: '',
        shutdownBehavior: 'stop',
        terminationProtection: true,
        count: 1,
      },
    },
  });
const confirmButton = () => screen.getByTestId('confirm-terminate-button');
const typeName = (value: string) =>
  cloudscape().findInput('[data-testid="terminate-confirm-name"]')!.setInputValue(value);

describe('terminate confirmation', () => {
  it('keeps Terminate disabled for a protected instance until its name is typed, then sends the name', async () => {
    const record = protectedRecord();
    const api = createFakeKilnApi({ launches: [record] });
    const onRecord = renderDetail(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    await screen.findByTestId('terminate-confirm-name');
    expect(api.callsOf('launch.terminationProtection')).toEqual([{ launchId: 'launch-1' }]);
    expect(screen.getByText(/has termination protection/)).toBeTruthy();
    expect(confirmButton().hasAttribute('disabled')).toBe(true);
    typeName('db-primar');
    expect(confirmButton().hasAttribute('disabled')).toBe(true);
    typeName('db-primary');
    await waitFor(() => expect(confirmButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ phase: 'terminating' })));
    expect(api.callsOf('launch.terminate')).toEqual([{ launchId: 'launch-1', confirmName: 'db-primary' }]);
  });

  it('asks for no name when the instance is not protected', async () => {
    const record = launchRecord();
    const api = createFakeKilnApi({ launches: [record] });
    renderDetail(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    await waitFor(() => expect(confirmButton().hasAttribute('disabled')).toBe(false));
    expect(screen.queryByTestId('terminate-confirm-name')).toBeNull();
    fireEvent.click(confirmButton());
    await waitFor(() => expect(api.callsOf('launch.terminate')).toEqual([{ launchId: 'launch-1' }]));
  });

  it('asks for the name, to be safe, when the protection cannot be read', async () => {
    const record = launchRecord();
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('launch.terminationProtection', () =>
      fail({ code: 'UnauthorizedOperation', message: 'Not allowed to describe the instance' }),
    );
    renderDetail(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    await screen.findByTestId('terminate-confirm-name');
    expect(
      screen.getByText(/could not check termination protection \(Not allowed to describe the instance\)/),
    ).toBeTruthy();
    expect(confirmButton().hasAttribute('disabled')).toBe(true);
  });

  it('keeps the answer of the latest opening when an older protection read answers after it', async () => {
    const record = launchRecord();
    const api = createFakeKilnApi({ launches: [record] });
    let answerFirst: (value: { ok: true; value: { protected: boolean } }) => void = () => {};
    let reads = 0;
    api.respond('launch.terminationProtection', () => {
      reads += 1;
      // The first read is slow and says "unprotected"; protection was turned on before the second.
      if (reads === 1) return new Promise((resolve) => (answerFirst = resolve));
      return { ok: true, value: { protected: true } };
    });
    renderDetail(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByTestId('terminate-button'));
    await screen.findByTestId('terminate-confirm-name');
    answerFirst({ ok: true, value: { protected: false } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByTestId('terminate-confirm-name')).toBeTruthy();
    expect(confirmButton().hasAttribute('disabled')).toBe(true);
  });

  it('switches to the typed name when the backend refuses for protection turned on since', async () => {
    const record = launchRecord();
    const api = createFakeKilnApi({ launches: [record] });
    api.respond('launch.terminate', ({ confirmName }) =>
      confirmName === 'web-1'
        ? { ok: true, value: { ...record, phase: 'terminating' } }
        : fail({
            code: 'TerminationProtected',
            message: 'web-1 has termination protection.',
            remedy: 'Type the instance name to confirm.',
            field: 'confirmName',
          }),
    );
    const onRecord = renderDetail(record, api);
    fireEvent.click(screen.getByTestId('terminate-button'));
    await waitFor(() => expect(confirmButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(confirmButton());
    await screen.findByTestId('terminate-confirm-name');
    expect(screen.getByText('web-1 has termination protection.')).toBeTruthy();
    typeName('web-1');
    await waitFor(() => expect(confirmButton().hasAttribute('disabled')).toBe(false));
    fireEvent.click(confirmButton());
    await waitFor(() => expect(onRecord).toHaveBeenCalledTimes(1));
  });
});

describe('what terminate deletes', () => {
  const deletes = () =>
    within(screen.getByTestId('terminate-deletes'))
      .getAllByRole('listitem')
      .map((item) => item.textContent);

  it('lists the instance, the security group, the key pair Kiln created and the launch secret', async () => {
    const record = launchRecord({ keyPairName: 'kiln-web-1' });
    renderDetail(record, createFakeKilnApi({ launches: [record] }));
    fireEvent.click(screen.getByTestId('terminate-button'));
    await screen.findByTestId('terminate-deletes');
    const items = deletes();
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/instance web-1 \(i-0123456789abcdef0\)/);
    expect(items[1]).toMatch(/security group sg-0123456789abcdef0/);
    expect(items[2]).toMatch(/key pair kiln-web-1/);
    expect(items[3]).toMatch(/secret.*agent token.*Parameter Store/);
  });

  it('leaves out a security group the launch does not have and a key pair already deleted', async () => {
    const record = launchRecord({ securityGroupId: undefined, keyPairName: 'kiln-web-1', keyPairDeleted: true });
    renderDetail(record, createFakeKilnApi({ launches: [record] }));
    fireEvent.click(screen.getByTestId('terminate-button'));
    await screen.findByTestId('terminate-deletes');
    const items = deletes();
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/instance web-1/);
    expect(items[1]).toMatch(/secret/);
  });
});
