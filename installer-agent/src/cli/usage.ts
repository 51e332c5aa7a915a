/** The text `kiln-agent` prints for --help and for bad arguments. */
import { AGENT_VERSION } from '../version';

export const USAGE = `kiln-agent ${AGENT_VERSION}: relays an install log from this machine to Kiln.

Usage:
  kiln-agent serve  --config FILE
      Serve the HTTP API (events and health for Kiln; ingest for local programs).
  kiln-agent run    --config FILE [--name NAME] [--quiet] -- COMMAND [ARGS...]
      Run COMMAND (no shell), relay its stdout/stderr line by line, then post the final token from its exit
      code (0: success, else failure) and exit with that code (1 if it was killed by a signal).
  kiln-agent log    --config FILE [--stream stdout|stderr|log] [TEXT...]
      Post TEXT as one line, or every line of stdin when no TEXT is given.
  kiln-agent finish --config FILE success|failure [MESSAGE...]
      Post the final token.

Options:
  --config FILE   the agent config (JSON) written by the bootstrap
  -h, --help      show this text
  --version       print the agent version

See installer-agent/README.md for the HTTP API and the config file.
`;
