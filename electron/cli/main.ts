/**
 * `kiln`: the command line, a third composition root beside the desktop app (electron/main) and web mode
 * (electron/server). Bundled to dist/cli/kiln.cjs, which runs with plain Node.
 */
import { createProgram } from './program';

// The AWS SDK's notice about Node versions (and other process warnings) would mix into the output of scripts.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (process.argv.includes('--verbose')) process.stderr.write(`[kiln] ${warning.name}: ${warning.message}\n`);
});

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(
      `kiln: an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
