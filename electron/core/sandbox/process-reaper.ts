/**
 * Finding and ending the processes a sandbox instance started: its user data's process group, the pids it wrote
 * into pid files, (on Linux) every process that still carries the instance's environment markers, which catches
 * daemons that left the group (setsid, double fork) without a pid file, and the descendants of all of these, which
 * catches the SSH sessions of the instance's sshd (their shells get a fresh environment and their own session).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const hasProc = process.platform === 'linux';

/** What to signal: a process group (negative pid to kill) and single pids. */
export interface KillTargets {
  processGroup?: number;
  pids: Iterable<number>;
}

/** SIGTERM to every target, SIGKILL to whatever is still alive after `graceMs`; resolves when all are gone. */
export async function terminateProcesses(targets: KillTargets, graceMs: number): Promise<void> {
  const pids = [...new Set(targets.pids)].filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
  const group = targets.processGroup && targets.processGroup > 1 ? targets.processGroup : undefined;
  const signalAll = (signal: NodeJS.Signals) => {
    if (group) sendSignal(-group, signal);
    for (const pid of pids) sendSignal(pid, signal);
  };
  const anyAlive = async () =>
    (group !== undefined && (await groupAlive(group))) || (await Promise.all(pids.map(isAlive))).some(Boolean);
  signalAll('SIGTERM');
  if (await waitUntil(async () => !(await anyAlive()), graceMs)) return;
  signalAll('SIGKILL');
  await waitUntil(async () => !(await anyAlive()), 2000);
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone; EPERM: not ours to end
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether `pid` is a live process (a zombie waiting for its parent to reap it counts as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!hasProc) return true;
  const stat = await readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (!hasProc) return true;
  // Orphans of the group may linger as zombies when PID 1 does not reap (containers): they are gone for us.
  for (const pid of await procPids()) {
    const stat = await readProcStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z') return true;
  }
  return false;
}

interface ProcStat {
  state: string;
  ppid: number;
  pgrp: number;
}

function parseProcStat(text: string): ProcStat {
  // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every live process's parent: from /proc on Linux, from `ps` elsewhere. */
async function parentsOfAll(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  if (hasProc) {
    const pids = await procPids();
    const stats = await Promise.all(pids.map(readProcStat));
    pids.forEach((pid, index) => {
      const stat = stats[index];
      if (stat && stat.state !== 'Z') parents.set(pid, stat.ppid);
    });
    return parents;
  }
  const listing = await new Promise<string>((resolve) =>
    execFile('ps', ['-A', '-o', 'pid=,ppid='], { timeout: 10_000 }, (_error, stdout) => resolve(stdout ?? '')),
  );
  for (const line of listing.split('\n')) {
    const [pid = NaN, ppid = NaN] = line.trim().split(/\s+/).map(Number);
    if (Number.isInteger(pid) && Number.isInteger(ppid)) parents.set(pid, ppid);
  }
  return parents;
}

function collectDescendants(roots: Iterable<number>, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (found.has(child) || child === process.pid) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found];
}

/**
 * Live descendants of `roots` (not the roots themselves). Take them before signalling anything: once a parent is
 * gone its children are re-parented and can no longer be found this way.
 */
export async function descendantsOf(roots: Iterable<number>): Promise<number[]> {
  return collectDescendants(roots, await parentsOfAll());
}

async function procPids(): Promise<number[]> {
  try {
    return (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
}

async function hasEnvironment(pid: number, markers: string[]): Promise<boolean | undefined> {
  try {
    const entries = new Set((await readFile(`/proc/${pid}/environ`, 'latin1')).split('\0'));
    return markers.every((marker) => entries.has(marker));
  } catch {
    return undefined;
  }
}

/** Pids of live processes whose environment holds every `NAME=value` in `markers` (Linux; elsewhere none). */
export async function processesWithEnvironment(markers: string[]): Promise<number[]> {
  if (!hasProc) return [];
  const pids = (await procPids()).filter((pid) => pid !== process.pid);
  const matches = await Promise.all(pids.map((pid) => hasEnvironment(pid, markers)));
  return pids.filter((_, index) => matches[index] === true);
}

/**
 * Pids written in `<runDir>/*.pid`. On Linux a pid counts only while its process still carries `markers` (the pid
 * may have been reused by an unrelated program since the file was written); elsewhere the file is trusted.
 */
export async function pidsFromPidFiles(runDir: string, markers: string[]): Promise<number[]> {
  const names = (await readdir(runDir).catch(() => [] as string[])).filter((name) => name.endsWith('.pid'));
  const texts = await Promise.all(names.map((name) => readFile(path.join(runDir, name), 'utf8').catch(() => '')));
  const candidates = texts.map(parsePid).filter((pid): pid is number => pid !== undefined);
  if (!hasProc) return candidates;
  const owned = await Promise.all(candidates.map((pid) => hasEnvironment(pid, markers)));
  return candidates.filter((_, index) => owned[index] === true);
}

function parsePid(text: string): number | undefined {
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 && pid !== process.pid ? pid : undefined;
}

/**
 * For a `process.on('exit')` handler, where only synchronous work runs: SIGKILL the group and the pid-file pids
 * (on Linux only those still carrying `markers`).
 */
export function killNowSync(processGroup: number | undefined, runDir: string, markers: string[]): void {
  if (processGroup && processGroup > 1) sendSignal(-processGroup, 'SIGKILL');
  let names: string[];
  try {
    names = readdirSync(runDir).filter((name) => name.endsWith('.pid'));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const pid = parsePid(readFileSync(path.join(runDir, name), 'utf8'));
      if (pid === undefined) continue;
      if (hasProc) {
        const entries = new Set(readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0'));
        if (!markers.every((marker) => entries.has(marker))) continue;
      }
      sendSignal(pid, 'SIGKILL');
    } catch {
      // unreadable pid file or process already gone: nothing to kill
    }
  }
}

/**
 * For a `process.on('exit')` handler: SIGKILL `pid` and (on Linux) all its descendants, e.g. an instance's sshd and
 * its open sessions. Only for a child of this process: until it is reaped its pid cannot belong to anyone else.
 */
export function killTreeNowSync(pid: number | undefined): void {
  if (!pid || pid <= 1 || pid === process.pid) return;
  const targets = [pid];
  if (hasProc) {
    try {
      const parents = new Map<number, number>();
      for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name)) continue;
        try {
          const stat = parseProcStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
          if (stat.state !== 'Z') parents.set(Number(name), stat.ppid);
        } catch {
          // gone meanwhile
        }
      }
      targets.push(...collectDescendants([pid], parents));
    } catch {
      // /proc unreadable: the pid alone
    }
  }
  for (const target of targets) sendSignal(target, 'SIGKILL');
}

async function readProcText(pid: number, file: 'environ' | 'cmdline'): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/${file}`, 'latin1')).split('\0');
  } catch {
    return [];
  }
}

/**
 * Processes a sandbox rooted at `rootDir` left running when the Kiln that ran it was killed (kill -9, a crash):
 * user data and what it started (their environment names an instance's directory under `<rootDir>/instances` in
 * `KILN_ROOT`), sshd (its command line names its config there, its process title having overwritten its
 * environment), moto (started with `--instances-dir <rootDir>/instances`), the pids in the instances' pid files, and
 * the descendants of all of these (SSH sessions). On Linux every pid is checked against the process table; elsewhere
 * only pid files are known, and trusted.
 */
export async function sandboxLeftovers(rootDir: string): Promise<number[]> {
  const instancesDir = path.join(path.resolve(rootDir), 'instances');
  const under = (value: string) => value === instancesDir || value.startsWith(instancesDir + path.sep);
  if (!hasProc) {
    const fromPidFiles = await instancePidFiles(instancesDir);
    return [...new Set([...fromPidFiles, ...(await descendantsOf(fromPidFiles))])];
  }
  const roots: number[] = [];
  for (const pid of await procPids()) {
    if (pid === process.pid) continue;
    const environment = await readProcText(pid, 'environ');
    const marked = environment.some(
      (entry) => entry.startsWith('KILN_ROOT=') && under(entry.slice('KILN_ROOT='.length)),
    );
    if (marked || (await readProcText(pid, 'cmdline')).some((arg) => under(arg) || arg.split(' ').some(under)))
      roots.push(pid);
  }
  // The pid files name processes found above already; a pid in one that is not (its environment and command line
  // no longer name the sandbox) is not trusted: it may belong to another program by now.
  const stats = await Promise.all(roots.map(readProcStat));
  const alive = roots.filter((_, index) => stats[index] !== undefined && stats[index].state !== 'Z');
  return [...new Set([...alive, ...(await descendantsOf(alive))])];
}

/** Pids in `<instancesDir>/<id>/root/run/*.pid` and `<instancesDir>/<id>/ssh/sshd.pid`. */
async function instancePidFiles(instancesDir: string): Promise<number[]> {
  const instances = await readdir(instancesDir).catch(() => [] as string[]);
  const pids: number[] = [];
  for (const id of instances) {
    const runDir = path.join(instancesDir, id, 'root', 'run');
    const names = (await readdir(runDir).catch(() => [] as string[])).filter((name) => name.endsWith('.pid'));
    const files = [...names.map((name) => path.join(runDir, name)), path.join(instancesDir, id, 'ssh', 'sshd.pid')];
    for (const file of files) {
      const pid = parsePid(await readFile(file, 'utf8').catch(() => ''));
      if (pid !== undefined) pids.push(pid);
    }
  }
  return pids;
}

/** Ends what `sandboxLeftovers` finds (SIGTERM, then SIGKILL after `graceMs`); returns the pids it signalled. */
export async function reapSandboxLeftovers(rootDir: string, graceMs = 2_000): Promise<number[]> {
  const pids = await sandboxLeftovers(rootDir);
  if (pids.length > 0) await terminateProcesses({ pids }, graceMs);
  return pids;
}
