/**
 * The Node.js runtime an instance's bootstrap installs when the AMI has none new enough: the official release of a
 * pinned LTS major for the instance's platform and architecture, found on the workstation in the release folder's
 * SHASUMS256.txt (nodejs.org/dist, or a mirror with the same layout).
 */
import type { ImageSummary } from '../../common/models';
import { KilnFailure, type KilnError } from '../../common/result';

/** The LTS major every launch gets. */
export const NODE_RUNTIME_MAJOR = 20;
/** The oldest Node.js the bootstraps (and the agent) accept. */
const NODE_MIN_MAJOR = 18;
export const NODE_DIST_URL = 'https://nodejs.org/dist/';

/** One line of SHASUMS256.txt. */
export interface NodeDistFile {
  fileName: string;
  sha256: string;
}

/** What the bootstrap downloads and checks. */
export interface NodeRuntime {
  url: string;
  sha256: string;
  version: string;
}

/** The release file for a platform: `node-v<version>-<os>-<arch>.<ext>` in the release folder. */
export interface NodeDistTarget {
  os: 'linux' | 'win';
  arch: 'x64' | 'arm64';
  /** xz: half the download of gz; every quick-start distribution has `xz`, and the bootstrap says so where not. */
  ext: 'tar.xz' | 'zip';
}

/** Parses SHASUMS256.txt (`<sha256>  <file name>` per line); other lines (e.g. a PGP armour) are skipped. */
export function parseShasums(text: string): NodeDistFile[] {
  const files: NodeDistFile[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64}) [ *]?(\S+)$/.exec(line.trim());
    const [, sha256, fileName] = match ?? [];
    if (sha256 && fileName) files.push({ sha256: sha256.toLowerCase(), fileName });
  }
  return files;
}

/** The release file an AMI needs, or undefined for an architecture Node.js publishes no build of. */
export function nodeDistTarget(platform: ImageSummary['platform'], architecture: string): NodeDistTarget | undefined {
  const arch = architecture === 'x86_64' ? 'x64' : architecture === 'arm64' ? 'arm64' : undefined;
  if (!arch) return undefined;
  return platform === 'windows' ? { os: 'win', arch, ext: 'zip' } : { os: 'linux', arch, ext: 'tar.xz' };
}

/** The file of `major` for the target among the listed ones, with its version (the newest if several are listed). */
export function pickNodeFile(
  files: readonly NodeDistFile[],
  target: NodeDistTarget,
  major: number,
): (NodeDistFile & { version: string }) | undefined {
  const suffix = `-${target.os}-${target.arch}.${target.ext}`;
  const candidates = files.flatMap((file) => {
    const match = /^node-v(\d+)\.(\d+)\.(\d+)(-.+)$/.exec(file.fileName);
    if (!match || Number(match[1]) !== major || match[4] !== suffix) return [];
    return [
      { ...file, version: `${match[1]}.${match[2]}.${match[3]}`, order: [Number(match[2]), Number(match[3])] as const },
    ];
  });
  candidates.sort((a, b) => b.order[0] - a.order[0] || b.order[1] - a.order[1]);
  const best = candidates[0];
  return best && { fileName: best.fileName, sha256: best.sha256, version: best.version };
}

/** 127.0.0.0/8 or ::1 (the URL parser has already normalised forms like `127.1` and `[0:0::1]`). */
function isLoopbackHost(hostname: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * `base` as an https URL (http only on a loopback host) with exactly one trailing slash, so `new URL(relative, base)`
 * keeps its path; a bad one throws at start (configuration), not at the first launch.
 */
export function normalizeDistUrl(base: string): string {
  let url: URL;
  try {
    url = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new Error(`The Node.js download URL (KILN_NODE_DIST_URL) ${base} is not a URL.`);
  }
  // The bootstraps quote it in single quotes; curl and Invoke-WebRequest need http(s).
  if (!/^https?:$/.test(url.protocol) || /['\s]/.test(url.href) || url.search || url.hash) {
    throw new Error(
      `The Node.js download URL (KILN_NODE_DIST_URL) ${base} must be a plain http or https URL, like https://nodejs.org/dist/.`,
    );
  }
  // SHASUMS256.txt is what vouches for the tarball the instance runs as root: over plain http one party on the path
  // could swap both. Loopback never leaves the machine (local stand-ins and tests).
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new Error(
      `The Node.js download URL (KILN_NODE_DIST_URL) ${base} uses plain http: the release list and the download could be altered on the way. Use an https URL, like https://nodejs.org/dist/, and restart Kiln.`,
    );
  }
  return url.href;
}

export interface NodeRuntimeResolverDeps {
  /** nodejs.org/dist or a mirror of it (KILN_NODE_DIST_URL). */
  distUrl?: string;
  major?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface NodeRuntimeResolver {
  /** The release for an AMI; a KilnFailure `NodeRuntimeUnavailable` when it cannot be found. */
  resolve(platform: ImageSummary['platform'], architecture: string): Promise<NodeRuntime>;
}

const unavailable = (message: string, distUrl: string) =>
  new KilnFailure({
    code: 'NodeRuntimeUnavailable',
    message,
    remedy:
      distUrl === NODE_DIST_URL
        ? 'Check the network connection (https://nodejs.org must be reachable), or set KILN_NODE_DIST_URL to a mirror of https://nodejs.org/dist/ and restart Kiln.'
        : `Check that ${distUrl} is reachable and has the layout of https://nodejs.org/dist/, or set KILN_NODE_DIST_URL to another mirror and restart Kiln.`,
  });

/**
 * Resolves releases from one dist URL. The release list is fetched once and kept for the app's lifetime (a
 * failed fetch is not kept, so the next launch tries again); the URL names the versioned folder, which never moves.
 */
export function createNodeRuntimeResolver(deps: NodeRuntimeResolverDeps = {}): NodeRuntimeResolver {
  const distUrl = normalizeDistUrl(deps.distUrl ?? NODE_DIST_URL);
  const major = deps.major ?? NODE_RUNTIME_MAJOR;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const doFetch = deps.fetch ?? fetch;
  const listUrl = new URL(`latest-v${major}.x/SHASUMS256.txt`, distUrl).href;
  let files: Promise<NodeDistFile[]> | undefined;

  async function download(): Promise<NodeDistFile[]> {
    let status: number;
    let text = '';
    try {
      // The timeout covers the body too: a mirror that stalls mid-answer must not hold the launch.
      const response = await doFetch(listUrl, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      status = response.status;
      if (response.ok) text = await response.text();
      else await response.body?.cancel();
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : describe(error);
      throw unavailable(
        `Kiln could not get the list of Node.js ${major} releases from ${listUrl}: ${reason}.`,
        distUrl,
      );
    }
    if (status < 200 || status > 299) {
      throw unavailable(
        `Kiln could not get the list of Node.js ${major} releases: ${listUrl} answered HTTP ${status}.`,
        distUrl,
      );
    }
    const parsed = parseShasums(text);
    if (parsed.length === 0)
      throw unavailable(`${listUrl} lists no files; it is not a Node.js SHASUMS256.txt.`, distUrl);
    return parsed;
  }

  return {
    async resolve(platform, architecture) {
      const target = nodeDistTarget(platform, architecture);
      if (!target) {
        throw new KilnFailure({
          code: 'NodeRuntimeUnavailable',
          message: `Node.js publishes no ${platform} build for ${architecture} AMIs, and the agent needs Node.js.`,
          remedy: 'Pick an x86_64 or arm64 AMI.',
          field: 'imageId',
        });
      }
      files ??= download().catch((error: unknown) => {
        files = undefined;
        throw error;
      });
      const file = pickNodeFile(await files, target, major);
      if (!file) {
        throw unavailable(
          `${listUrl} lists no Node.js ${major} file for ${target.os}-${target.arch} (.${target.ext}).`,
          distUrl,
        );
      }
      return {
        url: new URL(`v${file.version}/${file.fileName}`, distUrl).href,
        sha256: file.sha256,
        version: file.version,
      };
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND…) in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

/** The Node.js values of a launch's user data, and a warning for the launch record when Linux goes without. */
export interface LaunchNodeRuntime {
  runtime?: NodeRuntime;
  warning?: KilnError;
}

/**
 * Decides what a launch passes: nothing where the instance uses the host's Node (the sandbox); the release when it
 * resolves; else Linux launches go on with a warning (most distributions bring Node.js >= 18) and Windows launches,
 * which have no Node.js at all, are refused before anything is created.
 */
export async function nodeRuntimeForLaunch(
  resolver: NodeRuntimeResolver,
  image: Pick<ImageSummary, 'platform' | 'architecture'>,
  usesHostNode: boolean,
): Promise<LaunchNodeRuntime> {
  if (usesHostNode) return {};
  try {
    return { runtime: await resolver.resolve(image.platform, image.architecture) };
  } catch (error) {
    if (!(error instanceof KilnFailure) || image.platform === 'windows') throw error;
    return {
      warning: {
        code: error.error.code,
        message: `${error.error.message} The instance gets no Node.js download: distributions without Node.js ${NODE_MIN_MAJOR} or newer (e.g. Ubuntu 22.04) will fail to start the agent.`,
        remedy: error.error.remedy,
      },
    };
  }
}
