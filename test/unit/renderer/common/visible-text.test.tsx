// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Visible } from '../../../../renderer/src/common/visible';
import { hasInvisible, visibleParts, visibleText } from '../../../../renderer/src/common/visible-text';
import type { Orphan } from '../../../../electron/common/models';
import { OrphansTable } from '../../../../renderer/src/cleanup/orphans-table';
import { ConsoleTextView } from '../../../../renderer/src/launch-detail/console/console-text-view';
import { LaunchesTable } from '../../../../renderer/src/launches/launches-table';
import { launchRecord, logLine } from '../../../support/fake-kiln-api';
import '../render-with-api';

afterEach(cleanup);

describe('visible text', () => {
  it('spells out a right-to-left override so the name reads as it is', () => {
    expect(visibleText('safe\u202etxt.exe\u202c')).toBe('safe<U+202E>txt.exe<U+202C>');
    expect(visibleParts('safe\u202etxt.exe\u202c')).toEqual([
      { kind: 'text', text: 'safe' },
      { kind: 'marked', text: '<U+202E>' },
      { kind: 'text', text: 'txt.exe' },
      { kind: 'marked', text: '<U+202C>' },
    ]);
  });

  it('marks every embedding, override, isolate, zero-width character, direction mark and BOM', () => {
    const chars = [
      ...Array.from({ length: 5 }, (_, i) => 0x202a + i),
      ...Array.from({ length: 4 }, (_, i) => 0x2066 + i),
      ...Array.from({ length: 5 }, (_, i) => 0x200b + i),
      0xfeff,
    ];
    for (const code of chars) {
      const name = `U+${code.toString(16).toUpperCase()}`;
      expect(visibleText(`a${String.fromCodePoint(code)}b`)).toBe(`a<${name}>b`);
    }
  });

  it('leaves ordinary text alone, right-to-left letters and emoji included', () => {
    for (const text of ['web-1', 'שרת', 'café ☕', 'a\u2010b', '']) {
      expect(hasInvisible(text)).toBe(false);
      expect(visibleText(text)).toBe(text);
    }
    expect(visibleParts('')).toEqual([]);
    expect(visibleParts('x')).toEqual([{ kind: 'text', text: 'x' }]);
  });

  it('renders marked characters in their own style and none of the raw ones', () => {
    render(<Visible text={'pay\u200broll\u2066x'} />);
    const marks = screen.getAllByTestId('invisible-char');
    expect(marks.map((m) => m.textContent)).toEqual(['<U+200B>', '<U+2066>']);
    expect(marks[0]?.className).toBe('kiln-invisible-char');
    expect(document.body.textContent).toBe('pay<U+200B>roll<U+2066>x');
  });
});

describe('text Kiln did not write, where it is shown', () => {
  const tricky = 'safe\u202etxt.exe\u202c';
  const shown = 'safe<U+202E>txt.exe<U+202C>';

  it('the launches table shows a launch name with its override spelled out', () => {
    render(
      <LaunchesTable
        records={[launchRecord({ spec: { ...launchRecord().spec, name: tricky } })]}
        loading={false}
        onOpen={() => undefined}
        onNewLaunch={() => undefined}
        onRefresh={() => undefined}
      />,
    );
    expect(screen.getByTestId('launch-link-launch-1').textContent).toBe(shown);
  });

  it('the text view of the install log shows the line with its override spelled out', () => {
    render(<ConsoleTextView lines={[logLine(1, `run ${tricky}`)]} total={1} visible timestamps={false} />);
    expect(screen.getByTestId('log-line').textContent).toBe(`run ${shown}`);
  });

  it('the cleanup table shows a tag name with its override spelled out', () => {
    const orphan: Orphan = {
      kind: 'instance',
      id: 'i-1',
      region: 'us-east-1',
      launchId: 'l-1',
      name: tricky,
      estimatedCostPerDay: null,
    };
    render(
      <OrphansTable
        orphans={[orphan]}
        loading={false}
        selected={[]}
        onSelectionChange={() => undefined}
        header={null}
        empty={null}
      />,
    );
    expect(screen.getAllByTestId('invisible-char')[0]?.parentElement?.textContent).toBe(shown);
  });
});
