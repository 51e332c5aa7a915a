/**
 * The local sandbox as one thing to start and stop: moto (EC2/S3/SSM/STS on loopback) behind a small front that also
 * answers the Data Lifecycle Manager API (`dlm-stand-in.ts`, moto has none), plus the instance host, sharing
 * one root directory: `instances/<id>/` (each instance's files, its `root/` being its disk) and `images/<id>/root`
 * (an image's copy of its instance's disk).
 */
import { mkdtemp, readFile, realpath, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_DEFAULT_REGION } from './address';
import { addInternetGatewaysToDefaultVpcs } from './default-vpc';
import { writeFileDurably } from '../store/durable-file';
import { startDlmStandIn, type DlmStandIn } from './dlm-stand-in';
import { createInstanceHost, type InstanceHost } from './instance-host';
import { startMotoProcess, type MotoProcess, type MotoProcessOptions } from './moto-process';
import { isAlive, reapSandboxLeftovers } from './process-reaper';

export interface SandboxOptions {
  /** Where instances run (`<rootDir>/instances/<id>`); default a fresh temp dir, removed on stop. */
  rootDir?: string;
  /** Seconds of pending/stopping/shutting-down; default 3, 0 makes transitions instant as in plain moto. */
  pendingSeconds?: number;
  /**
   * Seconds a new image (CreateImage, CopyImage) stays pending while its snapshots' progress rises; default 8, 0
   * makes images available at once as in plain moto.
   */
  imageSeconds?: number;
  /** Regions whose instances the host runs; default `[SANDBOX_DEFAULT_REGION]`. */
  regions?: string[];
  log?: (message: string) => void;
  /** Environment for moto and the user data (PATH matters); default the current process's. */
  env?: NodeJS.ProcessEnv;
  /** Overrides for finding and starting moto (binary name, python, launcher path, timeouts). */
  moto?: Omit<
    MotoProcessOptions,
    'pendingSeconds' | 'imageSeconds' | 'env' | 'log' | 'instancesDir' | 'imagesDir' | 'instanceConnectTtlSeconds'
  >;
  /** How long a key pushed with EC2 Instance Connect lets its user in; default 60 s, as on AWS. */
  instanceConnectTtlSeconds?: number;
  /** sshd for the instances (see `InstanceHostOptions.sshd`); `false` runs instances without SSH. */
  sshd?: string | false;
  /** Instance host poll interval; default 500 ms. */
  pollIntervalMs?: number;
  /**
   * Where this sandbox records its root directory and the pid of the process running it (e.g. in Kiln's data dir).
   * A record left by a run whose process is gone (killed, crashed) names a root whose processes may still run: they
   * are ended before this sandbox starts. The record is removed on a clean stop.
   */
  runRecordFile?: string;
  /** Seconds one hour of a DLM policy's schedule lasts in the sandbox; default 5. */
  dlmSecondsPerHour?: number;
}

export interface Sandbox {
  /**
   * The endpoint override for EC2, S3, SSM, STS and DLM clients: the DLM stand-in answers DLM requests and passes
   * everything else to moto (`moto.endpoint`).
   */
  readonly endpoint: string;
  /** The default region (first of `regions`). */
  readonly region: string;
  readonly regions: readonly string[];
  readonly rootDir: string;
  /** `<rootDir>/images`: `<imageId>/root` is the copy of its instance's `root/` that an image carries. */
  readonly imagesDir: string;
  readonly host: InstanceHost;
  readonly moto: MotoProcess;
  /** Ends every instance's processes, then moto, then removes `rootDir` if the sandbox made it. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts moto and the instance host; throws a `KilnFailure` (`SandboxUnavailable`) when moto is not installed. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const regions = options.regions?.length ? options.regions : [SANDBOX_DEFAULT_REGION];
  // realpath: on macOS the temp dir is a symlink, and KILN_ROOT should be the path processes report.
  // Absolute: sshd_config and moto (another process) get paths inside it.
  const rootDir = options.rootDir
    ? path.resolve(options.rootDir)
    : await realpath(await mkdtemp(path.join(os.tmpdir(), 'kiln-sandbox-')));
  const imagesDir = path.join(rootDir, 'images');
  if (options.runRecordFile) await reapPreviousRun(options.runRecordFile, log);
  // The directory made here goes again if moto cannot start (not installed, say).
  const removeOwnDir = () =>
    options.rootDir ? Promise.resolve() : rm(rootDir, { recursive: true, force: true, maxRetries: 3 });
  // The front first: moto must know its port, to accept requests the front passes on with their Host unchanged.
  let dlm: DlmStandIn;
  try {
    dlm = await startDlmStandIn({ secondsPerHour: options.dlmSecondsPerHour, log });
  } catch (error) {
    await removeOwnDir();
    throw error;
  }
  const moto = await startMotoProcess({
    ...options.moto,
    instancesDir: path.join(rootDir, 'instances'),
    imagesDir,
    instanceConnectTtlSeconds: options.instanceConnectTtlSeconds,
    pendingSeconds: options.pendingSeconds,
    imageSeconds: options.imageSeconds,
    frontPorts: [dlm.port],
    env: options.env,
    log,
  }).catch(async (error: unknown) => {
    await dlm.stop();
    await removeOwnDir();
    throw error;
  });
  dlm.useMoto(moto.endpoint);
  let host: InstanceHost;
  try {
    await addInternetGatewaysToDefaultVpcs(moto.endpoint, regions);
    host = createInstanceHost({
      ec2Endpoint: moto.endpoint,
      rootDir,
      imagesDir,
      regions,
      env: options.env,
      log,
      pollIntervalMs: options.pollIntervalMs,
      sshd: options.sshd,
    });
  } catch (error) {
    await dlm.stop();
    await moto.stop();
    await removeOwnDir();
    throw error;
  }
  if (options.runRecordFile) {
    const record: SandboxRunRecord = {
      rootDir,
      pid: process.pid,
      endpoint: dlm.endpoint,
      startedAt: new Date().toISOString(),
    };
    await writeFileDurably(options.runRecordFile, JSON.stringify(record, null, 2));
  }
  let stopping: Promise<void> | undefined;
  return {
    endpoint: dlm.endpoint,
    region: regions[0] ?? SANDBOX_DEFAULT_REGION,
    regions,
    rootDir,
    imagesDir,
    host,
    moto,
    stop: () =>
      (stopping ??= (async () => {
        try {
          await host.stop();
        } finally {
          await dlm.stop();
          await moto.stop();
        }
        // A directory the sandbox made for itself holds instance TLS keys, SSH host keys and user data: nothing of
        // it outlives a clean stop. One the caller chose (--root-dir) is the caller's to keep.
        await removeOwnDir();
        if (options.runRecordFile) await unlink(options.runRecordFile).catch(() => undefined);
      })()),
  };
}

/** What `runRecordFile` holds while a sandbox runs. */
export interface SandboxRunRecord {
  rootDir: string;
  pid: number;
  endpoint: string;
  startedAt: string;
}

/**
 * Ends what a killed earlier run left behind (user data, agents, sshd, moto). Nothing is done while the recorded
 * process still runs: that sandbox is someone's live one.
 */
async function reapPreviousRun(file: string, log: (message: string) => void): Promise<void> {
  let previous: Partial<SandboxRunRecord>;
  try {
    previous = JSON.parse(await readFile(file, 'utf8')) as Partial<SandboxRunRecord>;
  } catch {
    return;
  }
  if (typeof previous.rootDir !== 'string' || typeof previous.pid !== 'number') return;
  if (previous.pid !== process.pid && (await isAlive(previous.pid))) {
    log(`the sandbox of process ${previous.pid} (${previous.rootDir}) is still running; it is left alone`);
    return;
  }
  const ended = await reapSandboxLeftovers(previous.rootDir);
  if (ended.length > 0) log(`ended ${ended.length} processes left running by the sandbox in ${previous.rootDir}`);
}
