/**
 * A desktop notification when an install succeeds or fails, a recovery alarm goes into ALARM (EC2 recovering or
 * rebooting the instance), or a health probe goes down, while the operator looks elsewhere (window not focused; the banner says it otherwise). Permission is asked for on a user gesture (starting a launch), never on page load.
 */
import { useCallback, useRef } from 'react';
import type { LaunchPhase, LaunchRecord, ProbeTransition, RecoveryAlarmFired } from '../../../electron/common/models';
import { useEvent } from '../common/use-command';

export interface NotifierEnv {
  hasFocus(): boolean;
  Notification?: {
    permission: NotificationPermission;
    requestPermission(): Promise<NotificationPermission>;
    new (title: string, options?: NotificationOptions): { onclick: ((ev: Event) => unknown) | null };
  };
}

const OUTCOME: Partial<Record<LaunchPhase, string>> = { succeeded: 'Install succeeded', failed: 'Install failed' };

/** The notification for a record that just reached an outcome, or undefined when there is nothing to say. */
export function outcomeNotification(
  previous: LaunchPhase | undefined,
  record: LaunchRecord,
): { title: string; body: string } | undefined {
  const title = OUTCOME[record.phase];
  if (!title || previous === record.phase) return undefined;
  const code = record.outcome?.signal
    ? `signal ${record.outcome.signal}`
    : `exit code ${record.outcome?.exitCode ?? '?'}`;
  return {
    title: `${title}: ${record.spec.name}`,
    body: `${record.instanceId ?? ''} in ${record.spec.region}, ${code}`.trim(),
  };
}

const ALARM_ACTION: Record<RecoveryAlarmFired['action'], string> = {
  recover: 'EC2 is recovering the instance (system status check failed)',
  reboot: 'EC2 is rebooting the instance (instance status check failed)',
};

/** The notification for a recovery alarm that just went into ALARM. */
export function alarmNotification(fired: RecoveryAlarmFired): { title: string; body: string } {
  return {
    title: `Recovery alarm: ${fired.launchName}`,
    body: `${fired.alarmName} is in ALARM: ${ALARM_ACTION[fired.action]}.`,
  };
}

/** The notification for a probe that just crossed its failure threshold. */
export function probeNotification(transition: ProbeTransition): { title: string; body: string } {
  return {
    title: `Probe down: ${transition.launchName}`,
    body: `${transition.url} has failed for its whole threshold${transition.error ? `: ${transition.error}` : '.'}`,
  };
}

export function useLaunchNotifications(onOpen: (launchId: string) => void, env: NotifierEnv = browserEnv()) {
  const phases = useRef(new Map<string, LaunchPhase>());

  useEvent('launch.updated', (record) => {
    const previous = phases.current.get(record.id);
    phases.current.set(record.id, record.phase);
    const message = outcomeNotification(previous, record);
    if (!message || env.hasFocus() || env.Notification?.permission !== 'granted') return;
    const notification = new env.Notification(message.title, { body: message.body, tag: record.id });
    notification.onclick = () => onOpen(record.id);
  });

  // The backend announces each alarm once, when it goes into ALARM.
  useEvent('health.alarms.updated', (update) => {
    if (env.hasFocus() || env.Notification?.permission !== 'granted') return;
    for (const fired of update.fired) {
      const message = alarmNotification(fired);
      const notification = new env.Notification(message.title, { body: message.body, tag: fired.alarmName });
      notification.onclick = () => onOpen(fired.launchId);
    }
  });

  // The backend announces each probe once, when it crosses its threshold into down.
  useEvent('health.probes.updated', (update) => {
    if (env.hasFocus() || env.Notification?.permission !== 'granted') return;
    for (const transition of update.transitions) {
      if (transition.to !== 'down') continue;
      const message = probeNotification(transition);
      const notification = new env.Notification(message.title, {
        body: message.body,
        tag: `probe:${transition.launchId}:${transition.probeId}`,
      });
      notification.onclick = () => onOpen(transition.launchId);
    }
  });

  /** Call from a click handler: browsers only show the permission prompt for a user gesture. */
  const askPermission = useCallback(() => {
    if (env.Notification?.permission === 'default') void env.Notification.requestPermission().catch(() => undefined);
  }, [env]);
  return { askPermission };
}

function browserEnv(): NotifierEnv {
  return {
    hasFocus: () => document.hasFocus(),
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
  };
}
