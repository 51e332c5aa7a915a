/** Locale-aware formatting of dates, byte counts and memory sizes (Intl, the user's locale). */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

/** An ISO timestamp as a local date and time; anything unparsable is shown as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** Instance memory in the units the EC2 console uses: GiB, with MiB below 1 GiB. */
export function formatMemory(mebibytes: number): string {
  return mebibytes < 1024 ? `${integer.format(mebibytes)} MiB` : `${decimal.format(mebibytes / 1024)} GiB`;
}

/** US dollars, or "unknown" when there is no price. */
export function formatUsd(amount: number | null): string {
  return amount === null ? 'unknown' : usd.format(amount);
}

/** A span of time as people say it: "45 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}
