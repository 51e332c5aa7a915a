import { describe, expect, it } from 'vitest';
import { appHref, pageKeyOf, pathOfHref, paths, viewOf } from '../../../../renderer/src/shell/routes';

describe('routes', () => {
  it('reads every page from its path', () => {
    expect(viewOf('/', null, 'k')).toEqual({ name: 'launches' });
    expect(viewOf('/launches', null, 'k')).toEqual({ name: 'launches' });
    expect(viewOf('/images', null, 'k')).toEqual({ name: 'images' });
    expect(viewOf('/cleanup', null, 'k')).toEqual({ name: 'cleanup' });
    expect(viewOf('/inventory', null, 'k')).toEqual({ name: 'inventory' });
    expect(viewOf('/new-launch', null, 'k')).toEqual({ name: 'new-launch' });
    expect(viewOf('/launches/launch-a', null, 'k')).toEqual({
      name: 'launch',
      launchId: 'launch-a',
      tab: 'install-log',
    });
    expect(viewOf('/launches/launch-a/connect', null, 'k')).toEqual({
      name: 'launch',
      launchId: 'launch-a',
      tab: 'connect',
    });
    expect(viewOf('/launches/launch-a/health', null, 'k')).toEqual({
      name: 'launch',
      launchId: 'launch-a',
      tab: 'health',
    });
    // The log is the page's own URL, not a tab segment.
    expect(viewOf('/launches/launch-a/install-log', null, 'k').name).toBe('not-found');
    expect(viewOf('/launches/launch-a/other', null, 'k')).toEqual({
      name: 'not-found',
      path: '/launches/launch-a/other',
    });
    expect(viewOf('/nowhere', null, 'k')).toEqual({ name: 'not-found', path: '/nowhere' });
  });

  it('round-trips a launch path and its href, whatever the id holds', () => {
    const id = 'launch a/b';
    const path = pathOfHref(appHref(paths.launch(id, 'connect')));
    expect(path).toBe('/launches/launch%20a%2Fb/connect');
    expect(viewOf(path!, null, 'k')).toEqual({ name: 'launch', launchId: id, tab: 'connect' });
    expect(paths.launch(id, 'health')).toBe('/launches/launch%20a%2Fb/health');
    expect(paths.launch(id)).toBe('/launches/launch%20a%2Fb');
    expect(pathOfHref('https://example.com/')).toBeUndefined();
  });

  it('takes the wizard prefill from the history state, a new fill per history entry', () => {
    const from = { spec: { region: 'eu-west-1' }, source: 'the launch web-1' };
    expect(viewOf('/new-launch', { from }, 'key-1')).toEqual({ name: 'new-launch', from, fillId: 'key-1' });
    expect(viewOf('/new-launch', { other: 1 }, 'key-2')).toEqual({ name: 'new-launch' });
  });

  it('gives both tabs of a launch one page key (its flashes stay when the tab changes)', () => {
    expect(pageKeyOf({ name: 'launch', launchId: 'a', tab: 'connect' })).toBe(
      pageKeyOf({ name: 'launch', launchId: 'a', tab: 'install-log' }),
    );
  });
});
