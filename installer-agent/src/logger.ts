/** The agent's diagnostics: one line per message on stderr, prefixed so they stand out in cloud-init logs. */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Writes `kiln-agent: …` lines to a stream (stderr by default). */
export function createStreamLogger(stream: NodeJS.WritableStream = process.stderr, prefix = 'kiln-agent'): Logger {
  const write = (level: string, message: string): void => {
    stream.write(`${prefix}${level}: ${message}\n`);
  };
  return {
    info: (message) => write('', message),
    warn: (message) => write(' warning', message),
    error: (message) => write(' error', message),
  };
}

/** Discards everything (tests). */
export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
