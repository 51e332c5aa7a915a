// @vitest-environment happy-dom
import { useCallback, useState } from 'react';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceTypeSummary } from '../../../../electron/common/models';
import { comparePrices, InstanceTypeStep } from '../../../../renderer/src/launch-wizard/instance-type-step';
import { useAmiLookup } from '../../../../renderer/src/launch-wizard/use-ami-lookup';
import { useWizardCatalog } from '../../../../renderer/src/launch-wizard/use-wizard-catalog';
import { INITIAL_FORM, type WizardForm } from '../../../../renderer/src/launch-wizard/wizard-form';
import { AL2023_ARM, createFakeKilnApi, deferred, type FakeKilnApi } from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

/** The step fed by the real catalog hook, as the wizard feeds it; a button switches the AMI's architecture. */
function Harness() {
  const [form, setForm] = useState<WizardForm>({ ...INITIAL_FORM, profileId: 'sandbox', region: 'us-east-1' });
  const update = useCallback((patch: Partial<WizardForm>) => setForm((current) => ({ ...current, ...patch })), []);
  const ami = useAmiLookup(form.profileId, form.region);
  const catalog = useWizardCatalog(form, update, ami);
  return (
    <>
      <button onClick={() => update({ quickStartImageId: AL2023_ARM.imageId })}>Use Arm</button>
      <InstanceTypeStep
        architecture={catalog.architecture}
        instanceTypes={catalog.instanceTypes}
        prices={catalog.prices}
        instanceType={form.instanceType}
        errors={{}}
        onInstanceTypeChange={(instanceType) => update({ instanceType })}
      />
    </>
  );
}

const manyTypes: InstanceTypeSummary[] = [
  {
    instanceType: 't3.micro',
    vcpus: 2,
    memoryMiB: 1024,
    architectures: ['x86_64'],
    freeTierEligible: true,
    networkPerformance: 'Up to 5 Gigabit',
  },
  {
    instanceType: 't3.small',
    vcpus: 2,
    memoryMiB: 2048,
    architectures: ['x86_64'],
    freeTierEligible: false,
    networkPerformance: 'Up to 5 Gigabit',
  },
  {
    instanceType: 'm7i.xlarge',
    vcpus: 4,
    memoryMiB: 16384,
    architectures: ['x86_64'],
    freeTierEligible: false,
    networkPerformance: 'Up to 12.5 Gigabit',
  },
  {
    instanceType: 'c7i.large',
    vcpus: 2,
    memoryMiB: 4096,
    architectures: ['x86_64'],
    freeTierEligible: false,
    networkPerformance: 'Up to 12.5 Gigabit',
  },
  {
    instanceType: 't4g.micro',
    vcpus: 2,
    memoryMiB: 1024,
    architectures: ['arm64'],
    freeTierEligible: true,
    networkPerformance: 'Up to 5 Gigabit',
  },
];

function renderStep(api: FakeKilnApi = createFakeKilnApi({ instanceTypes: manyTypes })) {
  renderWithApi(<Harness />, api);
  return api;
}

const table = () => cloudscape().findTable('[data-testid="instance-type-table"]')!;
const rows = () =>
  table()
    .findRows()
    .map((row) => row.getElement().textContent ?? '');
const rowOf = (type: string) => rows().find((r) => r.includes(type)) ?? '';

describe('InstanceTypeStep', () => {
  it('lists the types for the AMI architecture with vCPU, memory, network, free tier and price, t3.micro preselected', async () => {
    renderStep();
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.micro'));
    await waitFor(() => expect(rowOf('t3.micro')).toContain('$0.0104/h'));
    expect(rows()).toHaveLength(4);
    expect(rowOf('t3.micro')).toContain('Free tier');
    expect(rowOf('m7i.xlarge')).toMatch(/m7i\.xlarge4\s*16Up to 12\.5 Gigabit/);
    // Neither the snapshot nor the Pricing API knows t3.small here.
    expect(rowOf('t3.small')).toContain('unknown');
    expect(screen.getByTestId('price-source').textContent).toMatch(/snapshot of 2026-11-01, us-east-1/);
    expect(screen.getByTestId('price-source').textContent).toMatch(/sandbox has no Pricing API/);
    const selected = table()
      .findSelectedRows()
      .map((r) => r.getElement().textContent);
    expect(selected).toEqual([expect.stringContaining('t3.micro')]);
  });

  it('filters with free text and selects a row', async () => {
    renderStep();
    await waitFor(() => expect(rows()).toHaveLength(4));
    act(() => table().findTextFilter()!.findInput().setInputValue('12.5'));
    expect(rows().map((r) => r.trim().split('.')[0])).toEqual(['c7i', 'm7i']);
    act(() => table().findTextFilter()!.findInput().setInputValue('4 vcpu'));
    expect(rows()).toHaveLength(1);
    act(() => table().findRowSelectionArea(1)!.click());
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('m7i.xlarge'));
    act(() => table().findTextFilter()!.findInput().setInputValue('nothing-like-this'));
    expect(screen.getByText('No instance type matches the filter.')).toBeTruthy();
  });

  it('opens sorted by price, cheapest first, unknown prices last', async () => {
    renderStep();
    await waitFor(() => expect(rowOf('t3.micro')).toContain('$0.0104/h'));
    const priceHeader = table()
      .findColumnHeaders()
      .find((h) => h.getElement().textContent === 'On-demand price')!;
    expect(priceHeader.getElement().getAttribute('aria-sort')).toBe('ascending');
    expect(rows()[0]).toContain('t3.micro');
    expect(
      rows()
        .slice(1)
        .every((r) => r.includes('unknown')),
    ).toBe(true);
  });

  it('opens on the first page with the preselected type among hundreds, cheapest first', async () => {
    // As many x86 types as moto lists, in A–Z order: t3.micro was on page 41 of 45.
    const filler: InstanceTypeSummary[] = Array.from({ length: 880 }, (_, i) => ({
      instanceType: `a${String(i).padStart(3, '0')}.large`,
      vcpus: 2 + (i % 8),
      memoryMiB: 4096,
      architectures: ['x86_64'],
      freeTierEligible: false,
    }));
    renderStep(createFakeKilnApi({ instanceTypes: [...filler, ...manyTypes] }));
    // Hundreds of rows render slowly on a loaded machine.
    const slow = { timeout: 10_000 };
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t3.micro'), slow);
    await waitFor(() => expect(rowOf('t3.micro')).toContain('$0.0104/h'), slow);
    expect(table().findPagination()!.findCurrentPage().getElement().textContent).toBe('1');
    expect(rows()[0]).toContain('t3.micro');
    expect(
      table()
        .findSelectedRows()
        .map((r) => r.getElement().textContent),
    ).toEqual([expect.stringContaining('t3.micro')]);
  });

  it('orders types without a price by size, so the order does not depend on the list', () => {
    const type = (instanceType: string, vcpus: number, memoryMiB: number, usdPerHour?: number) =>
      ({
        instanceType,
        vcpus,
        memoryMiB,
        architectures: ['x86_64'],
        freeTierEligible: false,
        ...(usdPerHour === undefined ? {} : { price: { usdPerHour } }),
      }) as InstanceTypeSummary;
    const sorted = [
      type('z.big', 8, 32768),
      type('b.small', 2, 2048),
      type('a.small', 2, 2048),
      type('c.priced', 16, 65536, 0.5),
      type('d.cheap', 64, 1024, 0.01),
    ].sort(comparePrices);
    expect(sorted.map((t) => t.instanceType)).toEqual(['d.cheap', 'c.priced', 'a.small', 'b.small', 'z.big']);
  });

  it('switches to the arm64 types for an Arm AMI, ignoring the x86 answer that comes late', async () => {
    const api = createFakeKilnApi({ instanceTypes: manyTypes });
    const slowX86 = deferred<{ ok: true; value: InstanceTypeSummary[] }>();
    api.respond('instanceTypes.list', ({ architecture }) =>
      architecture === 'x86_64'
        ? slowX86.promise
        : { ok: true, value: manyTypes.filter((t) => t.architectures.includes('arm64')) },
    );
    renderStep(api);
    await waitFor(() => expect(api.callsOf('instanceTypes.list')).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Use Arm' }));
    await waitFor(() => expect(screen.getByTestId('instance-type-select').textContent).toContain('t4g.micro'));
    await act(async () =>
      slowX86.resolve({ ok: true, value: manyTypes.filter((t) => t.architectures.includes('x86_64')) }),
    );
    expect(rows()).toHaveLength(1);
    expect(rowOf('t4g.micro')).toContain('$0.0084/h');
    expect(api.callsOf('instanceTypes.list').map((c) => c.architecture)).toEqual(['x86_64', 'arm64']);
  });

  it('shows "unknown" for every type when prices fail, and the type error with its remedy', async () => {
    const api = createFakeKilnApi({ instanceTypes: manyTypes });
    api.respond('instanceTypes.prices', () => ({
      ok: false,
      error: { code: 'InternalError', message: 'Prices broke.' },
    }));
    renderStep(api);
    await waitFor(() => expect(rowOf('t3.micro')).toContain('unknown'));
    expect(screen.getByText(/Prices are unknown: Prices broke\./)).toBeTruthy();
    cleanup();
    const failing = createFakeKilnApi();
    failing.respond('instanceTypes.list', () => ({
      ok: false,
      error: {
        code: 'UnauthorizedOperation',
        message: 'This identity may not list instance types.',
        remedy: 'Allow ec2:DescribeInstanceTypes.',
      },
    }));
    renderStep(failing);
    expect(await screen.findByText('This identity may not list instance types.')).toBeTruthy();
    expect(screen.getByText('Allow ec2:DescribeInstanceTypes.')).toBeTruthy();
  });
});
