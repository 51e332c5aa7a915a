import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantsOf, isAlive, killTreeNowSync } from '../../../electron/core/sandbox/process-reaper';

/** A shell with two children in their own sessions, the way sshd's session processes are. */
async function processTree() {
  const root = spawn('bash', ['-c', 'setsid sleep 30 & setsid sleep 30 & wait'], { stdio: 'ignore' });
  await new Promise((resolve) => root.once('spawn', resolve));
  const deadline = Date.now() + 5000;
  let children: number[] = [];
  while (children.length < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    children = await descendantsOf([root.pid!]);
  }
  return { root, children };
}

async function gone(pids: number[]): Promise<boolean> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!(await Promise.all(pids.map(isAlive))).some(Boolean)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe.skipIf(process.platform === 'win32')('process tree', () => {
  it('finds the descendants of a process, including those in sessions of their own', async () => {
    const { root, children } = await processTree();
    try {
      expect(children).toHaveLength(2);
      expect(children).not.toContain(root.pid);
      expect(await descendantsOf([children[0]])).toEqual([]);
    } finally {
      for (const pid of [root.pid!, ...children]) process.kill(pid, 'SIGKILL');
    }
  });

  it('kills a process and all its descendants at exit, synchronously', async () => {
    const { root, children } = await processTree();
    killTreeNowSync(root.pid);
    expect(await gone([root.pid!, ...children])).toBe(true);
  });
});
