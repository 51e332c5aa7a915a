// @vitest-environment happy-dom
import { useState } from 'react';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageSummary } from '../../../../electron/common/models';
import { AmiStep, type AmiStepProps } from '../../../../renderer/src/launch-wizard/ami-step';
import { KilnApiProvider } from '../../../../renderer/src/common/api-context';
import { useQuery } from '../../../../renderer/src/common/use-command';
import {
  AL2023_X86,
  createFakeKilnApi,
  CUSTOM_IMAGE,
  deferred,
  KILN_BAKED_IMAGE,
  UNAVAILABLE_TILE,
  WINDOWS_IMAGE,
  type FakeKilnApi,
} from '../../../support/fake-kiln-api';
import { cloudscape, renderWithApi } from '../render-with-api';

afterEach(cleanup);

/** The step with its own small state, the way a wizard would hold it. */
function Harness(props: { region?: string; onChoose?: (image: ImageSummary) => void; initialImage?: ImageSummary }) {
  const region = props.region ?? 'us-east-1';
  const quickStart = useQuery('images.quickStartTiles', { profileId: 'sandbox', region });
  const [quickStartImageId, setQuickStartImageId] = useState(AL2023_X86.imageId);
  const [chosen, setChosen] = useState<ImageSummary | undefined>(props.initialImage);
  const step: AmiStepProps = {
    profileId: 'sandbox',
    region,
    quickStart,
    quickStartImageId,
    customImageId: chosen?.imageId ?? '',
    customLookup: chosen ? { status: 'done', result: { ok: true, value: chosen } } : undefined,
    image: chosen ?? quickStart.value?.find((t) => t.image?.imageId === quickStartImageId)?.image,
    errors: {},
    onQuickStartChange: (imageId) => {
      setChosen(undefined);
      setQuickStartImageId(imageId);
    },
    onImageChoose: (image) => {
      setChosen(image);
      props.onChoose?.(image);
    },
    onCustomImageChange: () => undefined,
    onCustomImageCommit: () => undefined,
  };
  return <AmiStep {...step} />;
}

function renderStep(api: FakeKilnApi = createFakeKilnApi(), props: Parameters<typeof Harness>[0] = {}) {
  renderWithApi(<Harness {...props} />, api);
  return api;
}

function chooseSource(label: string) {
  const control = cloudscape().findSegmentedControl('[data-testid="ami-source"]')!;
  const segment = control.findSegments().find((s) => s.getElement().textContent === label);
  if (!segment) throw new Error(`no segment ${label}`);
  act(() => segment.click());
}

const rowsOf = (testId: string) =>
  cloudscape()
    .findTable(`[data-testid="${testId}"]`)!
    .findRows()
    .map((row) => row.getElement().textContent ?? '');

describe('AmiStep: quick start', () => {
  it('shows unavailable tiles disabled with the reason, and the resolved ones selectable', async () => {
    const api = createFakeKilnApi();
    api.data.quickStartTiles = [
      {
        parameter: '/p/al2023',
        label: 'Amazon Linux 2023',
        description: 'AL2023',
        architecture: 'x86_64',
        platform: 'linux',
        image: AL2023_X86,
      },
      UNAVAILABLE_TILE,
    ];
    renderStep(api);
    await screen.findByTestId('ami-tiles');
    const tiles = cloudscape().findTiles('[data-testid="ami-tiles"]')!;
    expect(tiles.findInputByValue(AL2023_X86.imageId)!.getElement().checked).toBe(true);
    const debian = tiles.findInputByValue(UNAVAILABLE_TILE.parameter)!.getElement();
    expect(debian.disabled).toBe(true);
    expect(screen.getByTestId('tile-unavailable-reason').textContent).toMatch(
      /^Not published in us-east-1: the SSM public parameter/,
    );
    // The chosen image is summarised with what matters before launching it.
    expect(screen.getByTestId('selected-ami').textContent).toContain(AL2023_X86.imageId);
  });

  it('shows a failing quick-start lookup with its remedy and retries', async () => {
    const api = createFakeKilnApi();
    let calls = 0;
    api.respond('images.quickStartTiles', () =>
      ++calls === 1
        ? {
            ok: false,
            error: {
              code: 'AccessDenied',
              message: 'Kiln may not read SSM parameters.',
              remedy: 'Allow ssm:GetParameters.',
            },
          }
        : { ok: true, value: [] },
    );
    renderStep(api);
    expect(await screen.findByText('Kiln may not read SSM parameters.')).toBeTruthy();
    expect(screen.getByText('Allow ssm:GetParameters.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(api.callsOf('images.quickStartTiles')).toHaveLength(2));
  });
});

describe('AmiStep: My AMIs and Kiln-baked AMIs', () => {
  it('lists the account AMIs with architecture, platform, date and root device, and picks one', async () => {
    const onChoose = vi.fn();
    const api = renderStep(createFakeKilnApi(), { onChoose });
    await screen.findByTestId('ami-tiles');
    chooseSource('My AMIs');
    await waitFor(() => expect(rowsOf('ami-table-self')).toHaveLength(2));
    expect(api.callsOf('images.list')).toEqual([{ profileId: 'sandbox', region: 'us-east-1', scope: 'self' }]);
    const baked = rowsOf('ami-table-self').find((r) => r.includes(KILN_BAKED_IMAGE.imageId))!;
    expect(baked).toContain('Kiln-baked');
    expect(baked).toContain('x86_64');
    expect(baked).toContain('Linux');
    expect(baked).toContain('/dev/xvda, 8 GiB');
    expect(baked).toContain('2026');
    const table = cloudscape().findTable('[data-testid="ami-table-self"]')!;
    const row = rowsOf('ami-table-self').findIndex((r) => r.includes(CUSTOM_IMAGE.imageId));
    act(() => table.findRowSelectionArea(row + 1)!.click());
    expect(onChoose).toHaveBeenCalledWith(CUSTOM_IMAGE);
    await waitFor(() => expect(screen.getByTestId('selected-ami').textContent).toContain(CUSTOM_IMAGE.name));
  });

  it('lists only Kiln-baked AMIs under their tab, and says so when there are none', async () => {
    const api = renderStep();
    await screen.findByTestId('ami-tiles');
    chooseSource('Kiln-baked AMIs');
    await waitFor(() => expect(rowsOf('ami-table-kiln-baked')).toHaveLength(1));
    expect(api.callsOf('images.list').at(-1)).toMatchObject({ scope: 'kiln-baked' });
    cleanup();
    renderStep(createFakeKilnApi({ ownImages: [] }));
    await screen.findByTestId('ami-tiles');
    chooseSource('Kiln-baked AMIs');
    expect(await screen.findByText(/No AMIs baked by Kiln in us-east-1 yet/)).toBeTruthy();
  });

  it('appends the next page on Load more', async () => {
    const api = createFakeKilnApi();
    api.respond('images.list', ({ nextToken }) =>
      nextToken
        ? { ok: true, value: { images: [KILN_BAKED_IMAGE] } }
        : { ok: true, value: { images: [CUSTOM_IMAGE], nextToken: 'page-2' } },
    );
    renderStep(api);
    await screen.findByTestId('ami-tiles');
    chooseSource('My AMIs');
    fireEvent.click(await screen.findByTestId('load-more-images'));
    await waitFor(() => expect(rowsOf('ami-table-self')).toHaveLength(2));
    expect(api.callsOf('images.list').at(-1)).toMatchObject({ nextToken: 'page-2' });
    expect(screen.queryByTestId('load-more-images')).toBeNull();
  });

  it('drops a page that arrives after the region changed', async () => {
    const api = createFakeKilnApi();
    const slow = deferred<{ ok: true; value: { images: ImageSummary[] } }>();
    api.respond('images.list', ({ region }) =>
      region === 'us-east-1' ? slow.promise : { ok: true, value: { images: [KILN_BAKED_IMAGE] } },
    );
    const { rerender } = renderWithApi(<Harness region="us-east-1" />, api);
    await screen.findByTestId('ami-tiles');
    chooseSource('My AMIs');
    await waitFor(() => expect(api.callsOf('images.list')).toHaveLength(1));
    rerender(
      <KilnApiProvider api={api}>
        <Harness region="eu-west-1" />
      </KilnApiProvider>,
    );
    await waitFor(() => expect(rowsOf('ami-table-self')).toHaveLength(1));
    await act(async () => slow.resolve({ ok: true, value: { images: [CUSTOM_IMAGE] } }));
    const rows = rowsOf('ami-table-self');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(KILN_BAKED_IMAGE.imageId);
  });
});

describe('AmiStep: search', () => {
  it('searches by name and by id, and refuses one character', async () => {
    const api = renderStep();
    await screen.findByTestId('ami-tiles');
    chooseSource('Search');
    fireEvent.change(screen.getByTestId('ami-search-input'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('ami-search-button'));
    expect(await screen.findByText('Type at least 2 characters of an AMI name, or an AMI id.')).toBeTruthy();
    expect(api.callsOf('images.search')).toEqual([]);

    fireEvent.change(screen.getByTestId('ami-search-input'), { target: { value: 'golden' } });
    fireEvent.keyDown(screen.getByTestId('ami-search-input'), { key: 'Enter', keyCode: 13 });
    await waitFor(() => expect(rowsOf('ami-table-search')).toHaveLength(1));
    expect(rowsOf('ami-table-search')[0]).toContain(CUSTOM_IMAGE.imageId);

    fireEvent.change(screen.getByTestId('ami-search-input'), { target: { value: AL2023_X86.imageId } });
    fireEvent.click(screen.getByTestId('ami-search-button'));
    await waitFor(() => expect(rowsOf('ami-table-search')[0]).toContain(AL2023_X86.name));
    expect(api.callsOf('images.search').map((c) => c.text)).toEqual(['golden', AL2023_X86.imageId]);

    fireEvent.change(screen.getByTestId('ami-search-input'), { target: { value: 'nothing-like-this' } });
    fireEvent.click(screen.getByTestId('ami-search-button'));
    expect(await screen.findByText('No AMI matches "nothing-like-this" in us-east-1.')).toBeTruthy();
  });

  it('flags a Windows AMI picked from a search', async () => {
    const onChoose = vi.fn();
    renderStep(createFakeKilnApi(), { onChoose });
    await screen.findByTestId('ami-tiles');
    chooseSource('Search');
    fireEvent.change(screen.getByTestId('ami-search-input'), { target: { value: 'Windows_Server' } });
    fireEvent.click(screen.getByTestId('ami-search-button'));
    await waitFor(() => expect(rowsOf('ami-table-search')).toHaveLength(1));
    expect(rowsOf('ami-table-search')[0]).toContain('Windows');
    act(() => cloudscape().findTable('[data-testid="ami-table-search"]')!.findRowSelectionArea(1)!.click());
    expect(onChoose).toHaveBeenCalledWith(WINDOWS_IMAGE);
    expect((await screen.findByTestId('windows-ami-notice')).textContent).toMatch(/Windows AMI/);
  });
});
