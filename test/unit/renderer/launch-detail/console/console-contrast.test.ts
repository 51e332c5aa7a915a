// The console's colours against what they are drawn on, by the WCAG 2.1 contrast formula (1.4.3: 4.5:1 for text).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_DECORATIONS, XTERM_THEME } from '../../../../../renderer/src/launch-detail/console/xterm-terminal';
import { REPO_ROOT } from '../../../../support/sandbox-backend';

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: string, b: string): number {
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `background` with black laid over it at `alpha` (the failure tail's rgba(0, 0, 0, 0.05) box). */
function darken(hex: string, alpha: number): string {
  const channels = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - alpha)));
  return `#${channels.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function cssColor(selector: string): string {
  const css = readFileSync(path.join(REPO_ROOT, 'renderer/src/common/kiln.css'), 'utf8');
  const block = new RegExp(`${selector.replace('.', '\\.')} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  const color = /(?:^|\s)color: (#[0-9a-f]{6});/i.exec(block)?.[1];
  if (!color) throw new Error(`no colour for ${selector} in kiln.css`);
  return color;
}

describe('console contrast', () => {
  it('keeps stderr text (and every line colour the log uses) at 4.5:1 on a search hit', () => {
    const textColours = {
      foreground: XTERM_THEME.foreground!,
      stderr: XTERM_THEME.red!,
      brightRed: XTERM_THEME.brightRed!,
      log: XTERM_THEME.brightCyan!,
      timestamp: XTERM_THEME.brightBlack!,
    };
    for (const background of [SEARCH_DECORATIONS.matchBackground, SEARCH_DECORATIONS.activeMatchBackground]) {
      for (const [name, colour] of Object.entries(textColours)) {
        expect(contrast(colour, background), `${name} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("keeps the failure tail's stderr red at 4.5:1 on the error alert's tinted box", () => {
    // Cloudscape's error alert background (visual refresh, light mode), under the tail's 5% dark box.
    const alertBackground = '#fff5f5';
    expect(contrast(cssColor('.kiln-failure-tail-stderr'), darken(alertBackground, 0.05))).toBeGreaterThanOrEqual(4.5);
  });
});
