/** Locale-aware formatting of dates, byte counts and memory sizes (Intl, the user's locale). */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

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
