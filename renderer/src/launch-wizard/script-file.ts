/** Reading an install script from a file the operator picks: text only, at most 256 KiB. Pure. */
import { SCRIPT_CONTROL_CHARACTERS } from '../../../electron/common/models';

export const MAX_SCRIPT_FILE_BYTES = 256 * 1024;

export type ScriptFileResult = { ok: true; script: string } | { ok: false; message: string };

/** Decodes a picked file as a UTF-8 script, or says why it cannot be one. */
export function decodeScriptFile(name: string, bytes: Uint8Array): ScriptFileResult {
  if (bytes.byteLength > MAX_SCRIPT_FILE_BYTES) {
    const kib = Math.ceil(bytes.byteLength / 1024).toLocaleString('en-US');
    return {
      ok: false,
      message: `${name} is ${kib} KiB; an install script file may be at most 256 KiB. Have a short script download the rest instead.`,
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `${name} is not UTF-8 text; pick a script file, not a binary.` };
  }
  // Text files do not hold NUL or most other control characters; binaries almost always do.
  if (SCRIPT_CONTROL_CHARACTERS.test(text)) {
    return { ok: false, message: `${name} looks like a binary file, not a script; pick a text file.` };
  }
  return { ok: true, script: text.replace(/^\uFEFF/, '') };
}
