/** The application shell: Cloudscape layout, side navigation, and the page the URL names (see shell/routes.ts). */
import { lazy, Suspense, useState } from 'react';
import AppLayout, { type AppLayoutProps } from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup, { type BreadcrumbGroupProps } from '@cloudscape-design/components/breadcrumb-group';
import Flashbar from '@cloudscape-design/components/flashbar';
import { I18nProvider } from '@cloudscape-design/components/i18n';
import englishMessages from '@cloudscape-design/components/i18n/messages/all.en';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { createHashRouter, RouterProvider, useLocation, useNavigate } from 'react-router';
import type { KilnApi } from '../../electron/common/contract';
import type { FleetRecord, LaunchRecord } from '../../electron/common/models';
import { KilnApiProvider } from './common/api-context';
import { AppNoticesAlert } from './common/app-notices';
import { StorageProblemsAlert } from './common/storage-problems';
import { useQuery } from './common/use-command';
import { useFlashes } from './common/use-flashes';
import { launchAgainSpec } from './launch-wizard/launch-again';
import { launchFromImagePrefill, type ImageToLaunch } from './launch-wizard/launch-from-image';
import type { BatchLaunched, WizardPrefill } from './launch-wizard/launch-wizard';
import { LaunchesView } from './launches/launches-view';
import { useLaunchNotifications } from './launches/use-launch-notifications';
import { useLaunches } from './launches/use-launches';
import { NotFoundView } from './shell/not-found-view';
import { focusPageHeading, MAIN_CONTENT_ID, useFocusHeadingOnChange } from './shell/page-focus';
import {
  appHref,
  pageKeyOf,
  pathOfHref,
  paths,
  viewOf,
  type FleetLocationState,
  type WizardLocationState,
} from './shell/routes';
import type { FleetPrefill } from './fleets/fleet-form';
import { visibleText } from './common/visible-text';

// Each page but the launches list loads when it is first opened (the wizard with its code editor, a launch with its
// console): the launches page, where the app opens, does not wait for them.
const LaunchWizard = lazy(() => import('./launch-wizard/launch-wizard').then((m) => ({ default: m.LaunchWizard })));
const LaunchDetailView = lazy(() =>
  import('./launch-detail/launch-detail-view').then((m) => ({ default: m.LaunchDetailView })),
);
const ImagesView = lazy(() => import('./images/images-view').then((m) => ({ default: m.ImagesView })));
const OrphansView = lazy(() => import('./cleanup/orphans-view').then((m) => ({ default: m.OrphansView })));
const InventoryView = lazy(() => import('./inventory/inventory-view').then((m) => ({ default: m.InventoryView })));
const FleetsView = lazy(() => import('./fleets/fleets-view').then((m) => ({ default: m.FleetsView })));
const FleetDetailView = lazy(() => import('./fleets/fleet-detail-view').then((m) => ({ default: m.FleetDetailView })));
const CreateFleetView = lazy(() => import('./fleets/create-fleet-view').then((m) => ({ default: m.CreateFleetView })));

export function App({ api }: { api: KilnApi }) {
  // One router for the app's life; every path renders the shell, which reads the page from the URL.
  const [router] = useState(() => createHashRouter([{ path: '*', element: <Shell /> }]));
  // Cloudscape's English strings name its icon buttons (modal close, alert dismiss, pagination arrows) everywhere.
  return (
    <I18nProvider locale="en" messages={[englishMessages]}>
      <KilnApiProvider api={api}>
        <RouterProvider router={router} />
      </KilnApiProvider>
    </I18nProvider>
  );
}

/** Follows an in-app link (side navigation, breadcrumbs) with the router instead of a page load. */
type FollowEvent = CustomEvent<{ href?: string; external?: boolean }>;

function Shell() {
  const launches = useLaunches();
  const location = useLocation();
  const navigate = useNavigate();
  const view = viewOf(location.pathname, location.state, location.key);
  const pageKey = pageKeyOf(view);
  const flashes = useFlashes(pageKey);
  const [navigationOpen, setNavigationOpen] = useState(true);
  const openLaunch = (launchId: string) => void navigate(paths.launch(launchId));
  const notifier = useLaunchNotifications(openLaunch);
  useFocusHeadingOnChange(pageKey);

  function openWizard(from: WizardPrefill) {
    const state: WizardLocationState = { from };
    void navigate(paths.newLaunch, { state });
  }

  function launchFromImage(image: ImageToLaunch) {
    openWizard(launchFromImagePrefill(image));
  }

  function createFleet(from?: FleetPrefill) {
    const state: FleetLocationState | undefined = from && { fleetFrom: from };
    void navigate(paths.newFleet, { state });
  }

  function handleFleetCreated(record: FleetRecord) {
    flashes.show({
      id: `fleet-created-${record.id}`,
      page: pageKeyOf({ name: 'fleets' }),
      type: 'success',
      content: `Fleet ${visibleText(record.spec.name)} is ${record.state}: ${record.resources.length} resources made.`,
    });
    void navigate(paths.fleets, { replace: true });
  }

  function launchAgain(launchId: string) {
    const source = launches.byId[launchId];
    if (!source) return;
    const spec = launchAgainSpec(
      source,
      launches.records.map((r) => r.spec.name),
    );
    const note = source.imported
      ? 'This launch was imported from AWS, so its install script is not known here: write it on the Install script step.'
      : undefined;
    openWizard({ spec, source: `the launch ${source.spec.name}`, note });
  }

  function handleLaunched(record: LaunchRecord) {
    launches.upsert(record);
    notifier.askPermission();
    flashes.show({
      id: `launched-${record.id}`,
      page: pageKeyOf({ name: 'launch', launchId: record.id, tab: 'install-log' }),
      type: 'success',
      content: `Launch of ${record.spec.name} started. The install log follows below as the instance boots.`,
    });
    // The wizard's entry is replaced: Back from the new launch returns to where the wizard was opened from.
    void navigate(paths.launch(record.id), { replace: true });
  }

  /** Several launches: they are followed from the list, with one notice for the batch (and its failure, if any). */
  function handleLaunchedMany({ launched, failed }: BatchLaunched) {
    for (const one of launched) launches.upsert(one);
    notifier.askPermission();
    const names = launched.map((r) => r.spec.name).join(', ');
    flashes.show({
      id: `launched-batch-${launched[0]?.id ?? Date.now()}`,
      page: pageKeyOf({ name: 'launches' }),
      type: failed ? 'warning' : 'success',
      header: `${launched.length} ${launched.length === 1 ? 'launch' : 'launches'} started${failed ? `; ${failed.name} and the rest did not` : ''}`,
      content: failed
        ? `Started: ${names}. ${failed.name}: ${failed.error.message} ${failed.error.remedy ?? ''}`.trim()
        : `Started: ${names}.`,
    });
    void navigate(paths.launches, { replace: true });
  }

  function follow(event: FollowEvent) {
    const path = event.detail.href === undefined ? undefined : pathOfHref(event.detail.href);
    if (path === undefined || event.detail.external) return;
    event.preventDefault();
    void navigate(path);
  }

  const record = view.name === 'launch' ? launches.byId[view.launchId] : undefined;
  // The fleet page's crumb names the fleet, as the launch page's names the launch.
  const fleetList = useQuery('fleets.list', view.name === 'fleet' ? {} : null);
  const fleetName =
    view.name === 'fleet' ? fleetList.value?.find((fleet) => fleet.id === view.fleetId)?.spec.name : undefined;
  const breadcrumbs: BreadcrumbGroupProps.Item[] = [
    { text: 'Kiln', href: appHref(paths.launches) },
    // Each page sits under its own section: Images, Fleets, Inventory and Cleanup are not inside Launches.
    ...(['launches', 'new-launch', 'launch'].includes(view.name)
      ? [{ text: 'Launches', href: appHref(paths.launches) }]
      : []),
    ...(view.name === 'new-launch' ? [{ text: 'Launch instance', href: appHref(paths.newLaunch) }] : []),
    ...(view.name === 'images' ? [{ text: 'Images', href: appHref(paths.images) }] : []),
    ...(view.name === 'cleanup' ? [{ text: 'Cleanup', href: appHref(paths.cleanup) }] : []),
    ...(view.name === 'inventory' ? [{ text: 'Inventory', href: appHref(paths.inventory) }] : []),
    ...(view.name === 'fleets' || view.name === 'new-fleet' || view.name === 'fleet'
      ? [{ text: 'Fleets', href: appHref(paths.fleets) }]
      : []),
    ...(view.name === 'new-fleet' ? [{ text: 'Create fleet', href: appHref(paths.newFleet) }] : []),
    ...(view.name === 'fleet'
      ? [{ text: visibleText(fleetName ?? view.fleetId), href: appHref(paths.fleet(view.fleetId)) }]
      : []),
    ...(view.name === 'launch'
      ? [{ text: visibleText(record?.spec.name ?? view.launchId), href: appHref(paths.launch(view.launchId)) }]
      : []),
  ];

  let content: AppLayoutProps['content'];
  let contentType: AppLayoutProps.ContentType = 'default';
  if (view.name === 'launches') {
    contentType = 'table';
    content = (
      <LaunchesView
        launches={launches}
        onOpen={openLaunch}
        onNewLaunch={() => void navigate(paths.newLaunch)}
        onLaunchAgain={launchAgain}
      />
    );
  } else if (view.name === 'cleanup') {
    content = <OrphansView />;
  } else if (view.name === 'inventory') {
    content = <InventoryView />;
  } else if (view.name === 'images') {
    contentType = 'table';
    content = (
      <ImagesView
        launchName={(launchId) => launches.byId[launchId]?.spec.name}
        onOpenLaunch={openLaunch}
        onLaunchFromImage={launchFromImage}
        onCreateFleet={createFleet}
        onOpenCleanup={() => void navigate(paths.cleanup)}
      />
    );
  } else if (view.name === 'fleets') {
    contentType = 'table';
    content = (
      <FleetsView onCreateFleet={() => createFleet()} onOpenFleet={(fleetId) => void navigate(paths.fleet(fleetId))} />
    );
  } else if (view.name === 'fleet') {
    content = <FleetDetailView key={view.fleetId} fleetId={view.fleetId} onBack={() => void navigate(paths.fleets)} />;
  } else if (view.name === 'new-fleet') {
    contentType = 'form';
    content = (
      <CreateFleetView
        key={view.fillId ? `fill-${view.fillId}` : 'new-fleet'}
        prefill={view.from}
        launch={view.from?.launchId ? launches.byId[view.from.launchId] : undefined}
        onLaunchRecord={launches.upsert}
        onCreated={handleFleetCreated}
        onCancel={() => void navigate(paths.fleets)}
      />
    );
  } else if (view.name === 'new-launch') {
    contentType = 'wizard';
    content = (
      <LaunchWizard
        key={view.fillId ? `fill-${view.fillId}` : 'new-launch'}
        prefill={view.from}
        onLaunched={handleLaunched}
        onLaunchedMany={handleLaunchedMany}
        onCreateFleet={createFleet}
        onCancel={() => void navigate(paths.launches)}
      />
    );
  } else if (view.name === 'launch') {
    content = (
      <LaunchDetailView
        launchId={view.launchId}
        record={record}
        loading={launches.loading}
        loadError={launches.error}
        tab={view.tab}
        onTabChange={(tab) => void navigate(paths.launch(view.launchId, tab))}
        backHref={appHref(paths.launches)}
        onBack={() => void navigate(paths.launches)}
        onRetryLoad={launches.reload}
        onRecord={launches.upsert}
        onTerminated={() => focusPageHeading()}
        onLaunchAgain={() => launchAgain(view.launchId)}
        onLaunchFromImage={launchFromImage}
        onOpenImages={() => void navigate(paths.images)}
        onCreateFleet={createFleet}
      />
    );
  } else {
    content = <NotFoundView path={view.path} />;
  }

  const activeHref =
    view.name === 'new-launch'
      ? paths.newLaunch
      : view.name === 'images' || view.name === 'cleanup' || view.name === 'inventory'
        ? `/${view.name}`
        : view.name === 'fleets' || view.name === 'new-fleet' || view.name === 'fleet'
          ? paths.fleets
          : paths.launches;
  return (
    <>
      <a
        className="kiln-skip-link"
        href={`#${MAIN_CONTENT_ID}`}
        onClick={(event) => {
          event.preventDefault();
          focusPageHeading();
        }}
      >
        Skip to main content
      </a>
      <AppLayout
        contentType={contentType}
        content={
          <div id={MAIN_CONTENT_ID}>
            <Suspense fallback={<StatusIndicator type="loading">Loading the page</StatusIndicator>}>{content}</Suspense>
          </div>
        }
        toolsHide
        navigationOpen={navigationOpen}
        onNavigationChange={(event) => setNavigationOpen(event.detail.open)}
        notifications={
          <>
            <StorageProblemsAlert />
            <AppNoticesAlert />
            <Flashbar items={flashes.items} />
          </>
        }
        breadcrumbs={<BreadcrumbGroup items={breadcrumbs} ariaLabel="Breadcrumbs" onFollow={follow} />}
        navigation={
          <SideNavigation
            header={{ text: 'Kiln', href: appHref(paths.launches) }}
            activeHref={appHref(activeHref)}
            items={[
              { type: 'link', text: 'Launches', href: appHref(paths.launches) },
              { type: 'link', text: 'Launch instance', href: appHref(paths.newLaunch) },
              { type: 'link', text: 'Images', href: appHref(paths.images) },
              { type: 'link', text: 'Fleets', href: appHref(paths.fleets) },
              { type: 'divider' },
              { type: 'link', text: 'Inventory', href: appHref(paths.inventory) },
              { type: 'link', text: 'Cleanup', href: appHref(paths.cleanup) },
            ]}
            onFollow={follow}
          />
        }
        ariaLabels={{
          navigation: 'Navigation',
          navigationClose: 'Close navigation',
          navigationToggle: 'Open navigation',
          notifications: 'Notifications',
        }}
      />
    </>
  );
}
