/**
 * What a seal removes and runs, decided from the agent's config and Kiln's options. Pure, so every choice is tested
 * without a disk. Removals stay below `root`, except two fixed places outside it: the systemd unit file and
 * cloud-init's copy of the user data. A config that names anything else gets a refusal in the plan, not a deletion.
 */
import path from 'node:path';
import { AGENT_UNIT_NAME, type AgentService, type FirstBootReset } from '../protocol/config';
import { fail, ok, type Result } from '../result';

/** What the seal acts on: the parts of the agent's config it needs, with `root`, `service` and `firstBootReset` set. */
export interface SealTarget {
  root: string;
  service: AgentService;
  firstBootReset: FirstBootReset;
  /** The config file `serve` was started with; it must be `<root>/etc/agent.json`, or root is not this agent's. */
  configPath: string;
  dataDir: string;
  tls?: { certFile: string; keyFile: string };
}

export interface SealOptions {
  keepAgent: boolean;
  generalize: boolean;
}

/** The fixed places outside root, and the path flavour; `serve` passes the real ones, tests temp dirs. */
export interface SealHost {
  path: typeof path.posix;
  /** `/etc/systemd/system`: the only directory a unit file may be removed from. */
  systemdUnitDir: string;
  /** `/var/lib/cloud/instance`: where cloud-init keeps the user data and the scripts made from it. */
  cloudInstanceDir: string;
  /** `%ProgramFiles%`, where EC2Launch v2 is installed. */
  programFiles: string;
}

/** The real fixed places, for the platform `serve` runs on. Pure. */
export function sealHostFor(host: { platform: NodeJS.Platform; programFiles: string | undefined }): SealHost {
  return {
    path: host.platform === 'win32' ? path.win32 : path.posix,
    systemdUnitDir: '/etc/systemd/system',
    cloudInstanceDir: '/var/lib/cloud/instance',
    programFiles: host.programFiles || 'C:\\Program Files',
  };
}

/** A program and its arguments, run without a shell. */
export interface SealCommand {
  file: string;
  args: string[];
  timeoutMs: number;
}

/**
 * One step. `within` is the directory the removed path's parent must resolve into once symlinks are followed
 * (root, or the fixed directory), so a link planted below root cannot redirect a deletion elsewhere.
 */
export type SealStep =
  | { kind: 'run'; command: SealCommand }
  | { kind: 'remove'; path: string; within: string }
  | { kind: 'remove-entries'; dir: string; within: string; except?: string[]; prefixes?: string[] }
  | { kind: 'remove-if-empty'; path: string; within: string }
  | { kind: 'refuse'; path: string; reason: string };

/** How the agent stops once it has answered: through systemd (which would otherwise restart it), or by exiting. */
export type AgentStop = { kind: 'systemctl'; command: SealCommand } | { kind: 'exit' };

export interface SealPlan {
  steps: SealStep[];
  /** Paths deliberately left (keepAgent); reported as kept when they exist. */
  keep: string[];
  stop: AgentStop;
}

export type SealPlanErrorCode = 'seal-unsupported' | 'bad-request';

export const AGENT_BUNDLE_NAME = 'kiln-agent.cjs';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** The steps, in order: stop systemd from starting the agent again, secrets first, then the first-boot reset. */
export function planSeal(
  target: SealTarget,
  options: SealOptions,
  host: SealHost,
): Result<SealPlan, SealPlanErrorCode> {
  const p = host.path;
  const root = p.resolve(target.root);
  const unsafe = unsafeRoot(root, target.configPath, p);
  if (unsafe) return fail({ code: 'seal-unsupported', message: unsafe, remedy: 'Fix root in the agent config.' });
  if (options.generalize && target.firstBootReset !== 'ec2launch-v2') {
    return fail({
      code: 'bad-request',
      message: `generalize (sysprep) applies to Windows instances, whose firstBootReset is ec2launch-v2; this agent's is ${target.firstBootReset}.`,
      remedy: 'Seal without generalize.',
    });
  }
  const under = (...parts: string[]): string => p.join(root, ...parts);
  const keep = options.keepAgent ? [under('bin', AGENT_BUNDLE_NAME), under('node')] : [];
  const fixed: string[] = [
    under('etc', 'agent.key'),
    under('etc', 'agent.json'),
    under('etc', 'agent.crt'),
    under('install'),
    under('data'),
    under('run'),
    ...(options.keepAgent ? [] : [under('bin'), under('node')]),
  ];
  const steps: SealStep[] = [
    ...serviceSteps(target.service, host),
    ...fixed.map((file): SealStep => ({ kind: 'remove', path: file, within: root })),
    ...(options.keepAgent
      ? [{ kind: 'remove-entries', dir: under('bin'), within: root, except: [AGENT_BUNDLE_NAME] } satisfies SealStep]
      : []),
    ...configNamedSteps(target, root, fixed, keep, p),
    { kind: 'remove-if-empty', path: under('bin'), within: root },
    { kind: 'remove-if-empty', path: under('etc'), within: root },
    { kind: 'remove-if-empty', path: root, within: p.dirname(root) },
    ...firstBootSteps(target.firstBootReset, options.generalize, host),
  ];
  return ok({ steps, keep, stop: stopFor(target.service) });
}

/** Why root cannot be the agent's own directory, or null when it can. */
function unsafeRoot(root: string, configPath: string, p: SealHost['path']): string | null {
  const depth = root.slice(p.parse(root).root.length).split(p.sep).filter(Boolean).length;
  if (depth < 2) {
    return `The agent's root ${root} is not a directory of its own (such as /opt/kiln); the agent refuses to seal below it.`;
  }
  const expected = p.join(root, 'etc', 'agent.json');
  if (!samePath(p.resolve(configPath), expected, p)) {
    return `The agent was started with config ${configPath}, not ${expected}, so root ${root} is not this agent's directory; the agent refuses to seal.`;
  }
  return null;
}

/** systemd: disable the unit while its file still exists, remove the file, reload. */
function serviceSteps(service: AgentService, host: SealHost): SealStep[] {
  if (service.kind !== 'systemd') return [];
  const expected = host.path.join(host.systemdUnitDir, service.unit);
  if (!AGENT_UNIT_NAME.test(service.unit) || !samePath(host.path.resolve(service.unitFile), expected, host.path)) {
    const reason = `only ${host.path.join(host.systemdUnitDir, 'kiln-agent*.service')} is removed outside root; the config names ${service.unit} at ${service.unitFile}`;
    return [{ kind: 'refuse', path: service.unitFile, reason }];
  }
  return [
    { kind: 'run', command: systemctl(['disable', service.unit]) },
    { kind: 'remove', path: expected, within: host.systemdUnitDir },
    { kind: 'run', command: systemctl(['daemon-reload']) },
  ];
}

/**
 * The files the config itself names (data directory, TLS files, pid file) when the bootstrap put them somewhere else
 * than the fixed paths: removed when strictly below root and not holding a kept path, refused otherwise.
 */
function configNamedSteps(
  target: SealTarget,
  root: string,
  covered: string[],
  keep: string[],
  p: SealHost['path'],
): SealStep[] {
  const named = [
    target.dataDir,
    target.tls?.certFile,
    target.tls?.keyFile,
    target.service.kind === 'pidfile' ? target.service.pidFile : undefined,
  ];
  const steps: SealStep[] = [];
  const seen = [...covered];
  for (const name of named) {
    if (name === undefined) continue;
    const file = p.resolve(name);
    if (seen.some((done) => samePath(done, file, p) || isInside(done, file, p))) continue;
    seen.push(file);
    if (!isInside(root, file, p)) {
      steps.push({
        kind: 'refuse',
        path: file,
        reason: `it is outside the agent's root ${root}; remove it yourself before imaging`,
      });
    } else if (keep.some((kept) => samePath(kept, file, p) || isInside(file, kept, p))) {
      steps.push({ kind: 'refuse', path: file, reason: 'it holds the agent that keepAgent keeps' });
    } else {
      steps.push({ kind: 'remove', path: file, within: root });
    }
  }
  return steps;
}

/** cloud-init forgets this instance (and its copy of the user data); EC2Launch v2 resets, and generalizes if asked. */
function firstBootSteps(reset: FirstBootReset, generalize: boolean, host: SealHost): SealStep[] {
  switch (reset) {
    case 'cloud-init':
      return [
        { kind: 'run', command: { file: 'cloud-init', args: ['clean', '--logs', '--seed'], timeoutMs: 2 * MINUTE } },
        // What `clean` should have removed: the user data holds the install script and the TLS key.
        {
          kind: 'remove-entries',
          dir: host.cloudInstanceDir,
          within: host.cloudInstanceDir,
          prefixes: ['user-data.txt', 'scripts'],
        },
      ];
    case 'ec2launch-v2': {
      const exe = path.win32.join(host.programFiles, 'Amazon', 'EC2Launch', 'EC2Launch.exe');
      const reset: SealStep = {
        kind: 'run',
        command: { file: exe, args: ['reset', '--clean'], timeoutMs: 5 * MINUTE },
      };
      if (!generalize) return [reset];
      return [reset, { kind: 'run', command: { file: exe, args: ['sysprep', '--clean'], timeoutMs: 30 * MINUTE } }];
    }
    case 'none':
      return [];
  }
}

function stopFor(service: AgentService): AgentStop {
  // --no-block: the stop job is queued and systemctl returns before systemd stops this unit (and everything in it).
  if (service.kind === 'systemd' && AGENT_UNIT_NAME.test(service.unit)) {
    return { kind: 'systemctl', command: systemctl(['stop', '--no-block', service.unit]) };
  }
  return { kind: 'exit' };
}

const systemctl = (args: string[]): SealCommand => ({ file: 'systemctl', args, timeoutMs: 30 * SECOND });

/** Whether `child` is strictly below `parent` (lexically). Pure. */
export function isInside(parent: string, child: string, p: SealHost['path']): boolean {
  const relative = p.relative(parent, child);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${p.sep}`) && !p.isAbsolute(relative);
}

/** Path equality, ignoring case on Windows. Pure. */
export function samePath(a: string, b: string, p: SealHost['path']): boolean {
  return p === path.win32 ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** The command as one line, arguments with spaces in double quotes. Pure. */
export function formatCommand(command: Pick<SealCommand, 'file' | 'args'>): string {
  return [command.file, ...command.args].map((part) => (/[\s"]/.test(part) ? `"${part}"` : part)).join(' ');
}
