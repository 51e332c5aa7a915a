import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/sandbox-backend';

type Review = { check: string; file: string; code: string; reason: string };
type Issue = { id: string; file: string; sample: string };
const { matchReviews, REVIEWED } = (await import(path.join(REPO_ROOT, 'scripts', 'security-reviews.mjs'))) as {
  matchReviews: (
    issues: Issue[],
    reviewed: Review[],
  ) => { matched: Array<{ issue: Issue; review?: Review }>; stale: Review[] };
  REVIEWED: Review[];
};

const guarded =
  'if (isKilnExternalLink(url) || isLaunchEndpointUrl(url, backend.launches.list())) void shell.openExternal(url);';
const review: Review = { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', code: guarded, reason: 'checked' };

describe('security scan reviews', () => {
  it('waves through only the reviewed code, once', () => {
    const issues: Issue[] = [
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', sample: `  ${guarded.replace(' || ', '\n      || ')}` },
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', sample: 'void shell.openExternal(contents.getURL());' },
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', sample: guarded },
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/other.ts', sample: guarded },
    ];
    const { matched, stale } = matchReviews(issues, [review]);
    // Formatting aside, the reviewed line is reviewed; a new call, a second copy and the same code elsewhere are not.
    expect(matched.map((m) => m.review?.reason)).toEqual(['checked', undefined, undefined, undefined]);
    expect(stale).toEqual([]);
  });

  it('names a review whose code is gone, so it can be removed', () => {
    const { matched, stale } = matchReviews(
      [{ id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/main.ts', sample: guarded.replace('(url)', '(url.trim())') }],
      [review],
    );
    expect(matched[0].review).toBeUndefined();
    expect(stale).toEqual([review]);
  });

  it('pins code that exists in the reviewed files', async () => {
    for (const entry of REVIEWED) {
      const file = entry.file.startsWith('renderer/') ? entry.file : path.join('electron', entry.file);
      const source = (await readFile(path.join(REPO_ROOT, file), 'utf8')).replace(/\s+/g, ' ');
      expect(source, `${entry.check} ${entry.file}`).toContain(entry.code.replace(/\s+/g, ' '));
      expect(entry.reason.length).toBeGreaterThan(20);
    }
  });
});
