/**
 * Seals the instance before it is imaged: carries out a seal plan with an injected file system and command runner,
 * and journals every removal, command and failure into the answer. A failed step is reported and the next one runs;
 * nothing here throws for I/O. A removal happens only when the removed path's parent, with symlinks resolved, is
 * inside the step's `within` directory.
 */
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import type { SealAction, SealResponse } from '../protocol/seal';
import type { Result } from '../result';
import {
  formatCommand,
  isInside,
  planSeal,
  samePath,
  type SealCommand,
  type SealHost,
  type SealOptions,
  type SealPlan,
  type SealPlanErrorCode,
  type SealStep,
  type SealTarget,
  type AgentStop,
} from './seal-plan';

/** The file operations a seal needs; `nodeSealFileSystem` is the real one. */
export interface SealFileSystem {
  /** Whether anything (file, directory, symlink, even a dangling one) is at `path`. */
  exists(path: string): Promise<boolean>;
  realpath(path: string): Promise<string>;
  /** Entry names of a directory; throws when it cannot be listed. */
  list(dir: string): Promise<string[]>;
  /** Removes a file, a symlink (not its target) or a whole directory tree. */
  remove(path: string): Promise<void>;
}

/** How a command ended: `detail` says why it failed, or what it printed. */
export interface CommandOutcome {
  ok: boolean;
  detail?: string;
}

export interface CommandRunner {
  run(command: SealCommand): Promise<CommandOutcome>;
}

export interface SealDeps {
  fs: SealFileSystem;
  runner: CommandRunner;
  host: SealHost;
  /** Runs once the plan is accepted and before anything changes (the agent closes its journal there). */
  beforeChanges?: () => Promise<void>;
}

/** The answer for Kiln, and how the agent stops after sending it. */
export interface SealOutcome {
  response: SealResponse;
  stop: AgentStop;
}

export const nodeSealFileSystem: SealFileSystem = {
  exists: (path) =>
    lstat(path).then(
      () => true,
      () => false,
    ),
  realpath: (path) => realpath(path),
  list: (dir) => readdir(dir),
  remove: (path) => rm(path, { recursive: true, force: true, maxRetries: 2 }),
};

/** Plans the seal for this config and carries it out; a refused plan changes nothing. */
export async function sealInstance(
  target: SealTarget,
  options: SealOptions,
  deps: SealDeps,
): Promise<Result<SealOutcome, SealPlanErrorCode>> {
  const plan = planSeal(target, options, deps.host);
  if (!plan.ok) return plan;
  await deps.beforeChanges?.();
  return { ok: true, value: { response: await executeSealPlan(plan.value, deps), stop: plan.value.stop } };
}

/** Runs every step in order and reports what happened. */
export async function executeSealPlan(
  plan: SealPlan,
  deps: Pick<SealDeps, 'fs' | 'runner' | 'host'>,
): Promise<SealResponse> {
  const report: Report = { removed: [], actions: [] };
  const executor = new StepExecutor(deps, report);
  for (const step of plan.steps) await executor.run(step);
  const kept: string[] = [];
  for (const path of plan.keep) if (await deps.fs.exists(path)) kept.push(path);
  return { removed: report.removed, kept, actions: report.actions, stoppingAgent: true };
}

/** What the steps did so far, in order. */
interface Report {
  removed: string[];
  actions: SealAction[];
}

class StepExecutor {
  private readonly resolved = new Map<string, Promise<string | null>>();

  constructor(
    private readonly deps: Pick<SealDeps, 'fs' | 'runner' | 'host'>,
    private readonly report: Report,
  ) {}

  async run(step: SealStep): Promise<void> {
    switch (step.kind) {
      case 'run':
        return this.runCommand(step.command);
      case 'remove':
        return this.remove(step.path, step.within);
      case 'remove-entries':
        return this.removeEntries(step);
      case 'remove-if-empty':
        if ((await this.deps.fs.exists(step.path)) && (await this.listOrNull(step.path))?.length === 0) {
          await this.remove(step.path, step.within);
        }
        return;
      case 'refuse':
        this.report.actions.push({ command: `remove ${step.path}`, ok: false, detail: `Not removed: ${step.reason}.` });
        return;
    }
  }

  private async runCommand(command: SealCommand): Promise<void> {
    let outcome: CommandOutcome;
    try {
      outcome = await this.deps.runner.run(command);
    } catch (error) {
      outcome = { ok: false, detail: (error as Error).message };
    }
    const action: SealAction = { command: formatCommand(command), ok: outcome.ok };
    if (outcome.detail) action.detail = outcome.detail;
    this.report.actions.push(action);
  }

  private async removeEntries(step: Extract<SealStep, { kind: 'remove-entries' }>): Promise<void> {
    if (!(await this.deps.fs.exists(step.dir))) return;
    const names = await this.listOrNull(step.dir);
    if (names === null) {
      this.report.actions.push({ command: `remove ${step.dir}/*`, ok: false, detail: `Cannot list ${step.dir}.` });
      return;
    }
    const p = this.deps.host.path;
    const selected = names
      .filter((name) => !(step.except ?? []).some((kept) => samePath(kept, name, p)))
      .filter((name) => !step.prefixes || step.prefixes.some((prefix) => name.startsWith(prefix)))
      .sort();
    for (const name of selected) await this.remove(p.join(step.dir, name), step.within);
  }

  private async remove(path: string, within: string): Promise<void> {
    const { fs, host } = this.deps;
    if (!(await fs.exists(path))) return;
    const fail = (detail: string): void =>
      void this.report.actions.push({ command: `remove ${path}`, ok: false, detail });
    const [parent, boundary] = await Promise.all([this.resolve(host.path.dirname(path)), this.resolve(within)]);
    if (parent === null || boundary === null)
      return fail(`Not removed: cannot resolve ${host.path.dirname(path)} or ${within}.`);
    if (!samePath(parent, boundary, host.path) && !isInside(boundary, parent, host.path)) {
      return fail(`Not removed: its directory resolves to ${parent}, outside ${boundary} (a symlink?).`);
    }
    try {
      await fs.remove(path);
      this.report.removed.push(path);
    } catch (error) {
      fail(`Could not remove it: ${(error as Error).message}`);
    }
  }

  private resolve(path: string): Promise<string | null> {
    let resolved = this.resolved.get(path);
    if (!resolved) {
      resolved = this.deps.fs.realpath(path).catch(() => null);
      this.resolved.set(path, resolved);
    }
    return resolved;
  }

  private listOrNull(dir: string): Promise<string[] | null> {
    return this.deps.fs.list(dir).catch(() => null);
  }
}
