/** The one choke point that decides whether an IPC message comes from Kiln's own renderer. */
import { APP_ORIGIN } from './window-options';

export interface SenderFrameLike {
  url: string;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
