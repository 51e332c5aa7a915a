/**
 * One launch: its facts, outcome (endpoints, or the failure's last lines), Terminate, Save as AMI with the progress
 * of every bake, and its tabs: the live install log, Connect, Health (probes and recovery alarms) and Snapshots.
 */
import { useRef, useState, type ReactNode } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { LaunchRecord } from '../../../electron/common/models';
import type { KilnError } from '../../../electron/common/result';
import { ErrorAlert } from '../common/error-alert';
import type { FleetPrefill } from '../fleets/fleet-form';
import { fleetPrefillFromLaunch } from '../fleets/fleet-prefill';
import type { ImageToLaunch } from '../launch-wizard/launch-from-image';
import { bakeAvailability } from './bake/bake-availability';
import { BakeDialog } from './bake/bake-dialog';
import { BakesSection } from './bake/bakes-section';
import { connectAvailability } from './connect/connect-availability';
import { ConnectivityPanel, needsDoctor } from './connectivity-panel';
import { EndpointsPanel } from './endpoints-panel';
import { FailureTail } from './failure-tail';
import { LaunchDetailTabs, type LaunchDetailTab } from './launch-detail-tabs';
import { LaunchFacts } from './launch-facts';
import { OutcomeAlert } from './outcome-alert';
import { AutoTerminateBanner, CleanupProblem, KeepForSalvage } from './salvage-controls';
import { LaunchTerminateModal } from './launch-terminate-modal';
import { useTerminate } from './use-terminate';
import { Visible } from '../common/visible';

export interface LaunchDetailViewProps {
  launchId: string;
  /** Undefined while the launches are loading, or when there is no such launch. */
  record: LaunchRecord | undefined;
  loading: boolean;
  loadError: KilnError | undefined;
  /** The tab on screen, when the page's URL says which; else the page keeps its own. */
  tab?: LaunchDetailTab;
  onTabChange?: (tab: LaunchDetailTab) => void;
  onBack: () => void;
  /** The back button's href, so it is a real link (open in a new tab, copy the address). */
  backHref?: string;
  onRetryLoad: () => void;
  /** The instance was terminated from this page (focus goes back to the page's heading). */
  onTerminated?: () => void;
  /** A command returned a newer copy of the record. */
  onRecord: (record: LaunchRecord) => void;
  /** Opens the wizard filled from this launch. */
  onLaunchAgain?: () => void;
  /** Opens the wizard on an image this launch was saved as. */
  onLaunchFromImage?: (image: ImageToLaunch) => void;
  /** Opens the Images page. */
  onOpenImages?: () => void;
  /** Opens Create fleet filled in from this launch (offered once its install succeeded). */
  onCreateFleet?: (from: FleetPrefill) => void;
}

export function LaunchDetailView(props: LaunchDetailViewProps) {
  const { record } = props;
  const back = (
    <Button
      data-testid="back-to-launches"
      iconName="arrow-left"
      href={props.backHref}
      onFollow={(event) => {
        event.preventDefault();
        props.onBack();
      }}
      onClick={props.backHref ? undefined : () => props.onBack()}
    >
      Launches
    </Button>
  );
  if (record) {
    const again = props.onLaunchAgain && (
      <Button data-testid="launch-again-button" iconName="copy" onClick={props.onLaunchAgain}>
        Launch again
      </Button>
    );
    return (
      <LaunchDetail
        key={record.id}
        record={record}
        back={back}
        again={again}
        onRecord={props.onRecord}
        tab={props.tab}
        onTabChange={props.onTabChange}
        onTerminated={props.onTerminated}
        onLaunchFromImage={props.onLaunchFromImage}
        onOpenImages={props.onOpenImages}
        onCreateFleet={props.onCreateFleet}
      />
    );
  }
  return (
    <div data-testid="launch-detail" data-state={props.loading ? 'loading' : 'missing'}>
      <SpaceBetween size="m">
        <Header variant="h1" actions={back}>
          Launch {props.launchId}
        </Header>
        {props.loadError ? (
          <ErrorAlert
            error={props.loadError}
            header="Kiln could not load the launches"
            action={<Button onClick={props.onRetryLoad}>Retry</Button>}
          />
        ) : props.loading ? (
          <StatusIndicator type="loading">Loading the launch</StatusIndicator>
        ) : (
          <Box>There is no launch with the id {props.launchId}.</Box>
        )}
      </SpaceBetween>
    </div>
  );
}

interface LaunchDetailProps extends Pick<
  LaunchDetailViewProps,
  'onRecord' | 'onLaunchFromImage' | 'onOpenImages' | 'onCreateFleet' | 'tab' | 'onTabChange' | 'onTerminated'
> {
  record: LaunchRecord;
  back: ReactNode;
  again: ReactNode;
}

function LaunchDetail({
  record,
  back,
  again,
  onRecord,
  onLaunchFromImage,
  onOpenImages,
  onCreateFleet,
  tab: routedTab,
  onTabChange,
  onTerminated,
}: LaunchDetailProps) {
  const terminate = useTerminate(record, onRecord, onTerminated);
  const [baking, setBaking] = useState(false);
  const bake = bakeAvailability(record);
  const gone = record.phase === 'terminating' || record.phase === 'terminated';
  const terminateDisabled = gone || terminate.loading;
  const openConfirm = () => void terminate.open();
  const [ownTab, setOwnTab] = useState<LaunchDetailTab>('install-log');
  const tab = routedTab ?? ownTab;
  const setTab = (next: LaunchDetailTab) => (onTabChange ? onTabChange(next) : setOwnTab(next));
  const tabs = useRef<HTMLDivElement>(null);
  function showConnect() {
    setTab('connect');
    tabs.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }

  return (
    <div data-testid="launch-detail" data-launch-id={record.id}>
      <SpaceBetween size="l">
        <Header
          variant="h1"
          description={`Launch ${record.id}`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {back}
              {again}
              <Button
                data-testid="save-as-ami-button"
                disabled={!bake.enabled}
                disabledReason={bake.enabled ? undefined : bake.reason}
                onClick={() => setBaking(true)}
              >
                Save as AMI
              </Button>
              <Button
                data-testid="terminate-button"
                disabled={terminateDisabled && !terminate.loading}
                loading={terminate.loading}
                onClick={openConfirm}
              >
                Terminate
              </Button>
            </SpaceBetween>
          }
        >
          <Visible text={record.spec.name} />
        </Header>
        <AutoTerminateBanner record={record} onRecord={onRecord} />
        <CleanupProblem record={record} onRecord={onRecord} />
        {record.error && !(record.phase === 'terminated' && !record.securityGroupDeleted) && (
          <ErrorAlert error={record.error} header="The launch ran into an error" />
        )}
        {record.warnings?.map((warning) => (
          <Alert
            key={warning.code}
            type="warning"
            header={warning.message}
            data-testid="launch-warning"
            data-code={warning.code}
          >
            {warning.remedy}
          </Alert>
        ))}
        {record.outcome && (
          <OutcomeAlert
            outcome={record.outcome}
            terminateDisabled={terminateDisabled}
            onTerminate={openConfirm}
            connectDisabled={!connectAvailability(record).enabled}
            onConnect={showConnect}
            saveAsAmiDisabledReason={bake.enabled ? undefined : bake.reason}
            onSaveAsAmi={() => setBaking(true)}
            onCreateFleet={
              onCreateFleet && record.outcome.result === 'success'
                ? () => onCreateFleet(fleetPrefillFromLaunch(record))
                : undefined
            }
          >
            {record.outcome.result === 'failure' && <FailureTail record={record} />}
          </OutcomeAlert>
        )}
        {record.outcome?.result === 'success' && !gone && <EndpointsPanel record={record} onRecord={onRecord} />}
        {record.outcome?.result === 'failure' && <KeepForSalvage record={record} onRecord={onRecord} />}
        {needsDoctor(record) && <ConnectivityPanel record={record} onRecord={onRecord} />}
        <BakesSection record={record} onLaunchFromImage={onLaunchFromImage} onOpenImages={onOpenImages} />
        <LaunchFacts record={record} />
        <div ref={tabs}>
          <LaunchDetailTabs record={record} activeTab={tab} onChange={setTab} onRecord={onRecord} />
        </div>
      </SpaceBetween>
      <LaunchTerminateModal record={record} terminate={terminate} onDismiss={terminate.dismiss} />
      {baking && (
        <BakeDialog
          record={record}
          onStarted={(next) => {
            onRecord(next);
            setBaking(false);
          }}
          onDismiss={() => setBaking(false)}
        />
      )}
    </div>
  );
}
