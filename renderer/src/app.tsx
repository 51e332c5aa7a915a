/** The application shell: Cloudscape layout, side navigation, and the views switched by React state. */
import { useRef, useState } from 'react';
import AppLayout, { type AppLayoutProps } from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup, { type BreadcrumbGroupProps } from '@cloudscape-design/components/breadcrumb-group';
import Flashbar from '@cloudscape-design/components/flashbar';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import type { KilnApi } from '../../electron/common/contract';
import type { LaunchRecord } from '../../electron/common/models';
import { OrphansView } from './cleanup/orphans-view';
import { KilnApiProvider } from './common/api-context';
import { AppNoticesAlert } from './common/app-notices';
import { StorageProblemsAlert } from './common/storage-problems';
import { useFlashes } from './common/use-flashes';
import { ImagesView } from './images/images-view';
import { LaunchDetailView } from './launch-detail/launch-detail-view';
import { launchAgainSpec } from './launch-wizard/launch-again';
import { launchFromImagePrefill, type ImageToLaunch } from './launch-wizard/launch-from-image';
import { LaunchWizard, type BatchLaunched, type WizardPrefill } from './launch-wizard/launch-wizard';
import { LaunchesView } from './launches/launches-view';
import { useLaunchNotifications } from './launches/use-launch-notifications';
import { useLaunches } from './launches/use-launches';

/** The views of the app; navigation is state, not URLs (the URL hash carries the web-mode token). */
export type View =
  | { name: 'launches' }
  | { name: 'new-launch'; from?: WizardPrefill; fillId?: number }
  | { name: 'launch'; launchId: string }
  | { name: 'images' }
  | { name: 'cleanup' };

/** The page a view shows, as the key its flashes belong to. */
function pageOf(view: View): string {
  return view.name === 'launch' ? `launch:${view.launchId}` : view.name;
}

/** Side navigation and breadcrumb targets. */
const HREF_VIEWS: Record<string, View> = {
  '#launches': { name: 'launches' },
  '#new-launch': { name: 'new-launch' },
  '#images': { name: 'images' },
  '#cleanup': { name: 'cleanup' },
};

export function App({ api }: { api: KilnApi }) {
  return (
    <KilnApiProvider api={api}>
      <Shell />
    </KilnApiProvider>
  );
}

function Shell() {
  const launches = useLaunches();
  const [view, setView] = useState<View>({ name: 'launches' });
  const flashes = useFlashes(pageOf(view));
  const [navigationOpen, setNavigationOpen] = useState(true);
  const notifier = useLaunchNotifications((launchId) => setView({ name: 'launch', launchId }));
  // Each fill gets its own wizard: a second "Launch from this image" must not keep the first one's form.
  const fills = useRef(0);

  function openWizard(from: WizardPrefill) {
    setView({ name: 'new-launch', from, fillId: ++fills.current });
  }

  function launchFromImage(image: ImageToLaunch) {
    openWizard(launchFromImagePrefill(image));
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
      page: pageOf({ name: 'launch', launchId: record.id }),
      type: 'success',
      content: `Launch of ${record.spec.name} started. The install log follows below as the instance boots.`,
    });
    setView({ name: 'launch', launchId: record.id });
  }

  /** Several launches: they are followed from the list, with one notice for the batch (and its failure, if any). */
  function handleLaunchedMany({ launched, failed }: BatchLaunched) {
    for (const one of launched) launches.upsert(one);
    notifier.askPermission();
    const names = launched.map((r) => r.spec.name).join(', ');
    flashes.show({
      id: `launched-batch-${launched[0]?.id ?? Date.now()}`,
      page: pageOf({ name: 'launches' }),
      type: failed ? 'warning' : 'success',
      header: `${launched.length} ${launched.length === 1 ? 'launch' : 'launches'} started${failed ? `; ${failed.name} and the rest did not` : ''}`,
      content: failed
        ? `Started: ${names}. ${failed.name}: ${failed.error.message} ${failed.error.remedy ?? ''}`.trim()
        : `Started: ${names}.`,
    });
    setView({ name: 'launches' });
  }

  const record = view.name === 'launch' ? launches.byId[view.launchId] : undefined;
  const breadcrumbs: BreadcrumbGroupProps.Item[] = [
    { text: 'Kiln', href: '#launches' },
    { text: 'Launches', href: '#launches' },
    ...(view.name === 'new-launch' ? [{ text: 'Launch instance', href: '#new-launch' }] : []),
    ...(view.name === 'images' ? [{ text: 'Images', href: '#images' }] : []),
    ...(view.name === 'cleanup' ? [{ text: 'Cleanup', href: '#cleanup' }] : []),
    ...(view.name === 'launch' ? [{ text: record?.spec.name ?? view.launchId, href: '#launch' }] : []),
  ];

  function follow(href: string) {
    const target = HREF_VIEWS[href];
    if (target) setView(target);
  }

  let content: AppLayoutProps['content'];
  let contentType: AppLayoutProps.ContentType = 'default';
  if (view.name === 'launches') {
    contentType = 'table';
    content = (
      <LaunchesView
        launches={launches}
        onOpen={(launchId) => setView({ name: 'launch', launchId })}
        onNewLaunch={() => setView({ name: 'new-launch' })}
        onLaunchAgain={launchAgain}
      />
    );
  } else if (view.name === 'cleanup') {
    content = <OrphansView />;
  } else if (view.name === 'images') {
    contentType = 'table';
    content = (
      <ImagesView
        launchName={(launchId) => launches.byId[launchId]?.spec.name}
        onOpenLaunch={(launchId) => setView({ name: 'launch', launchId })}
        onLaunchFromImage={launchFromImage}
        onOpenCleanup={() => setView({ name: 'cleanup' })}
      />
    );
  } else if (view.name === 'new-launch') {
    contentType = 'wizard';
    content = (
      <LaunchWizard
        key={view.from ? `fill-${view.fillId ?? 0}` : 'new-launch'}
        prefill={view.from}
        onLaunched={handleLaunched}
        onLaunchedMany={handleLaunchedMany}
        onCancel={() => setView({ name: 'launches' })}
      />
    );
  } else {
    content = (
      <LaunchDetailView
        launchId={view.launchId}
        record={record}
        loading={launches.loading}
        loadError={launches.error}
        onBack={() => setView({ name: 'launches' })}
        onRetryLoad={launches.reload}
        onRecord={launches.upsert}
        onLaunchAgain={() => launchAgain(view.launchId)}
        onLaunchFromImage={launchFromImage}
        onOpenImages={() => setView({ name: 'images' })}
      />
    );
  }

  return (
    <AppLayout
      contentType={contentType}
      content={content}
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
      breadcrumbs={
        <BreadcrumbGroup
          items={breadcrumbs}
          ariaLabel="Breadcrumbs"
          onFollow={(event) => {
            event.preventDefault();
            follow(event.detail.href);
          }}
        />
      }
      navigation={
        <SideNavigation
          header={{ text: 'Kiln', href: '#launches' }}
          activeHref={
            view.name === 'new-launch' || view.name === 'images' || view.name === 'cleanup'
              ? `#${view.name}`
              : '#launches'
          }
          items={[
            { type: 'link', text: 'Launches', href: '#launches' },
            { type: 'link', text: 'Launch instance', href: '#new-launch' },
            { type: 'link', text: 'Images', href: '#images' },
            { type: 'divider' },
            { type: 'link', text: 'Cleanup', href: '#cleanup' },
          ]}
          onFollow={(event) => {
            event.preventDefault();
            follow(event.detail.href);
          }}
        />
      }
      ariaLabels={{
        navigation: 'Navigation',
        navigationClose: 'Close navigation',
        navigationToggle: 'Open navigation',
        notifications: 'Notifications',
      }}
    />
  );
}
