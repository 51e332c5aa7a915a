/**
 * `npm run sandbox`: the local sandbox on its own, for trying Kiln's AWS calls by hand (aws CLI, SDK scripts).
 * Composition root: reads argv and the environment, runs until SIGINT/SIGTERM, then stops everything.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KilnFailure } from '../../common/result';
import { defaultDataDir } from '../store/data-dir';
import { SANDBOX_CREDENTIALS, sandboxLoginUser, sandboxSshPort } from './address';
import { DEFAULT_IMAGE_SECONDS } from './moto-process';
import { startSandbox } from './sandbox';

const USAGE =
  'Usage: npm run sandbox -- [--pending-seconds N] [--image-seconds N] [--root-dir DIR] [--region R]... [--quiet]';

const OPTIONS = {
  'pending-seconds': { type: 'string', default: '3' },
  'image-seconds': { type: 'string', default: String(DEFAULT_IMAGE_SECONDS) },
  'root-dir': { type: 'string' },
  region: { type: 'string', multiple: true },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

async function main(): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ options: OPTIONS }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const pendingSeconds = parseSeconds('pending-seconds', values['pending-seconds']);
  const imageSeconds = parseSeconds('image-seconds', values['image-seconds']);
  if (pendingSeconds === undefined || imageSeconds === undefined) return 1;
  const log = values.quiet ? undefined : (message: string) => console.error(`[sandbox] ${message}`);
  const sandbox = await startSandbox({
    pendingSeconds,
    imageSeconds,
    rootDir: values['root-dir'],
    regions: values.region,
    // Kept beside Kiln's data: a sandbox of this kind that was killed has its processes ended by the next one.
    runRecordFile: path.join(
      defaultDataDir(process.platform, process.env, os.homedir()),
      'standalone-sandbox-run.json',
    ),
    log,
  });

  const { accessKeyId, secretAccessKey } = SANDBOX_CREDENTIALS;
  console.log(`Kiln local sandbox is running (Ctrl-C to stop).

  endpoint     ${sandbox.endpoint}   (EC2, S3, SSM, STS; DLM is a stand-in)
  region       ${sandbox.regions.join(', ')}
  credentials  AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey}
  instances    ${sandbox.rootDir}/instances/<instance-id>/  (user-data, cloud-init-output.log, root/, ssh/)
  images       ${sandbox.imagesDir}/<image-id>/root/  (the instance's root/ when it was imaged)
  snapshots    ${sandbox.rootDir}/snapshots/<snap-id>/root/, volumes/<vol-id>/root/  (the disk they carry)
  ssh          ${sandboxLoginUser()}@<instance's 127.x.y.z> -p ${sandboxSshPort()}  (key pair or EC2 Instance Connect)

Kiln in web mode on this sandbox (its instances outlive restarts of Kiln):
  npm run web -- --sandbox-endpoint ${sandbox.endpoint}

Try:
  AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} aws --endpoint-url ${sandbox.endpoint} --region ${sandbox.region} ec2 describe-instances
`);
  console.log(`KILN-SANDBOX-READY ${sandbox.endpoint}`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.error('Stopping the sandbox…');
  // A second Ctrl-C, or a stop that hangs, must still end the process.
  process.once('SIGINT', () => process.exit(130));
  setTimeout(() => process.exit(1), 15_000).unref();
  await sandbox.stop();
  return 0;
}

/** A number of seconds ≥ 0, or undefined after saying what is wrong. */
function parseSeconds(name: string, text: string): number | undefined {
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  console.error(`--${name} must be a number of seconds ≥ 0, not "${text}".\n${USAGE}`);
  return undefined;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof KilnFailure) console.error(`Cannot start the sandbox: ${error.message}`);
    else
      console.error(`The sandbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
