/** How long the Windows password has been coming, and how long it usually takes (about 4 minutes, up to 15). */

export const PASSWORD_USUAL_MS = 4 * 60_000;
export const PASSWORD_LATEST_MS = 15 * 60_000;

/** "45 s", "3 min 05 s", "16 min" */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes >= 10 || rest === 0) return `${minutes} min`;
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

export interface PasswordWait {
  /** "Launched 2 min 10 s ago", when the launch time is known. */
  elapsed?: string;
  estimate: string;
  /** Past the usual 15 minutes: something may be wrong. */
  late: boolean;
}

export function describePasswordWait(launchedAt: string | undefined, now: number): PasswordWait {
  const started = launchedAt ? Date.parse(launchedAt) : Number.NaN;
  if (Number.isNaN(started)) {
    return { estimate: 'EC2 usually has the password about 4 minutes after launch, up to 15.', late: false };
  }
  const waited = Math.max(0, now - started);
  const elapsed = `Launched ${formatDuration(waited)} ago`;
  if (waited < PASSWORD_USUAL_MS) {
    return {
      elapsed,
      estimate: `Expect it in about ${formatDuration(PASSWORD_USUAL_MS - waited)} (up to ${formatDuration(PASSWORD_LATEST_MS - waited)}).`,
      late: false,
    };
  }
  if (waited < PASSWORD_LATEST_MS) {
    return {
      elapsed,
      estimate: `Any moment now: it can take up to ${formatDuration(PASSWORD_LATEST_MS - waited)} more.`,
      late: false,
    };
  }
  return {
    elapsed,
    estimate:
      'Longer than usual. Check that the instance finished its first boot (the console output), and that the AMI generates a password (EC2Launch "random" password).',
    late: true,
  };
}
