/**
 * The app's pages as URLs. Routes live in the URL's hash (`#/launches/<id>`), so the desktop app's `kiln://`
 * protocol and web mode's server need to serve only index.html, and web mode's `#token=…` is read and removed
 * before the router starts (renderer/src/api/index.ts).
 */
import { matchPath } from 'react-router';
import type { FleetPrefill } from '../fleets/fleet-form';
import type { WizardPrefill } from '../launch-wizard/use-form-fill';

/** A launch page's tabs; the install log is the page's own URL, each other tab has its own. */
export const LAUNCH_TABS = ['install-log', 'connect', 'health', 'snapshots'] as const;
export type LaunchTab = (typeof LAUNCH_TABS)[number];

/** The pages of the app, as the shell reads them from the URL. */
export type View =
  | { name: 'launches' }
  | { name: 'new-launch'; from?: WizardPrefill; fillId?: string }
  | { name: 'launch'; launchId: string; tab: LaunchTab }
  | { name: 'images' }
  | { name: 'cleanup' }
  | { name: 'inventory' }
  | { name: 'fleets' }
  | { name: 'new-fleet'; from?: FleetPrefill; fillId?: string }
  | { name: 'fleet'; fleetId: string }
  | { name: 'not-found'; path: string };

/** Create fleet's prefill (from an image) travels in the history entry's state, as the wizard's does. */
export interface FleetLocationState {
  fleetFrom: FleetPrefill;
}

/** The wizard's prefill travels in the history entry's state (it survives reload, back and forward). */
export interface WizardLocationState {
  from: WizardPrefill;
}

export const paths = {
  launches: '/launches',
  newLaunch: '/new-launch',
  images: '/images',
  cleanup: '/cleanup',
  inventory: '/inventory',
  fleets: '/fleets',
  newFleet: '/fleets/new',
  fleet: (fleetId: string) => `/fleets/${encodeURIComponent(fleetId)}`,
  launch: (launchId: string, tab: LaunchTab = 'install-log') =>
    `/launches/${encodeURIComponent(launchId)}${tab === 'install-log' ? '' : `/${tab}`}`,
} as const;

/** The href of an in-app path, for real links (open in a new tab, copy the address, bookmark). */
export function appHref(path: string): string {
  return `#${path}`;
}

/** The in-app path an href from appHref points at, or undefined for any other href. */
export function pathOfHref(href: string): string | undefined {
  return href.startsWith('#/') ? href.slice(1) : undefined;
}

/** The page a path shows; `/` is the launches list. */
export function viewOf(pathname: string, state: unknown, key: string): View {
  if (pathname === '/' || pathname === '' || matchPath(paths.launches, pathname)) return { name: 'launches' };
  if (matchPath(paths.images, pathname)) return { name: 'images' };
  if (matchPath(paths.cleanup, pathname)) return { name: 'cleanup' };
  if (matchPath(paths.inventory, pathname)) return { name: 'inventory' };
  if (matchPath(paths.fleets, pathname)) return { name: 'fleets' };
  if (matchPath(paths.newFleet, pathname)) {
    const from = isFleetState(state) ? state.fleetFrom : undefined;
    return from ? { name: 'new-fleet', from, fillId: key } : { name: 'new-fleet' };
  }
  const fleet = matchPath('/fleets/:fleetId', pathname);
  // Fleet ids are fl-…; any other segment under /fleets is no page.
  if (fleet?.params.fleetId?.startsWith('fl-')) return { name: 'fleet', fleetId: decodeSegment(fleet.params.fleetId) };
  if (matchPath(paths.newLaunch, pathname)) {
    const from = isWizardState(state) ? state.from : undefined;
    return from ? { name: 'new-launch', from, fillId: key } : { name: 'new-launch' };
  }
  const launch = matchPath('/launches/:launchId/:tab?', pathname);
  const tab = launch?.params.tab;
  if (launch?.params.launchId && (tab === undefined || isLaunchTab(tab))) {
    return { name: 'launch', launchId: decodeSegment(launch.params.launchId), tab: tab ?? 'install-log' };
  }
  return { name: 'not-found', path: pathname };
}

/** The key flashes belong to: one per page (a launch's tabs are one page). */
export function pageKeyOf(view: View): string {
  if (view.name === 'fleet') return `fleet:${view.fleetId}`;
  return view.name === 'launch' ? `launch:${view.launchId}` : view.name;
}

/** The location's path keeps its percent-encoding; an id is matched encoded and decoded once here. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isLaunchTab(segment: string): segment is LaunchTab {
  // The install log is the page's own URL, never a segment of it.
  return segment !== 'install-log' && (LAUNCH_TABS as readonly string[]).includes(segment);
}

function isWizardState(state: unknown): state is WizardLocationState {
  return typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'object';
}

function isFleetState(state: unknown): state is FleetLocationState {
  return typeof state === 'object' && state !== null && 'fleetFrom' in state && typeof state.fleetFrom === 'object';
}
