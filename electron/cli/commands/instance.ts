/** `kiln ping` and `kiln connect`: one launch's instance, its checks, and a login shell. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliExit, EXIT, type CliContext } from '../cli-context';
import { cliOutputs, toLaunchSummary } from '../output-schemas';
import { renderFields } from '../table';

/** Instance state, status checks, the agent link and the connectivity checks (launch.diagnose); exit 1 if one fails. */
export async function pingCommand(context: CliContext, ref: string): Promise<number> {
  const record = await context.findLaunch(ref);
  const diagnosis = await context.must('launch.diagnose', { launchId: record.id });
  const failing = diagnosis.checks.filter((c) => !c.ok);
  if (context.json) {
    context.printJson(cliOutputs.ping, {
      launch: toLaunchSummary(record),
      statusChecks: record.statusChecks ?? null,
      agentLink: record.agentLink ?? null,
      diagnosis,
    });
  } else {
    context.out(
      renderFields([
        ['Launch', `${record.spec.name} (${record.id})`],
        ['Instance', `${record.instanceId ?? '-'} ${record.instanceState ?? ''}`.trim()],
        [
          'Status checks',
          record.statusChecks
            ? `system ${record.statusChecks.system}, instance ${record.statusChecks.instance}`
            : 'not reported yet',
        ],
        [
          'Agent link',
          record.agentLink
            ? `${record.agentLink.state}${record.agentLink.detail ? ` (${record.agentLink.detail})` : ''}`
            : '-',
        ],
        ['Your address', diagnosis.operatorCidr],
        ...diagnosis.checks.map((c): [string, string] => [
          c.ok ? 'ok' : 'FAIL',
          `${c.title}${c.detail ? `: ${c.detail}` : ''}${!c.ok && c.remedy ? ` (${c.remedy})` : ''}`,
        ]),
      ]),
    );
  }
  return failing.length === 0 ? EXIT.ok : EXIT.failure;
}

/**
 * Runs the Connect tab's own script (connect.file `sh`): the system `ssh` with the launch's key (or an EC2 Instance
 * Connect key) and only the instance's pinned host keys. Arguments after `--` go to ssh (e.g. a remote command).
 */
export async function connectCommand(context: CliContext, ref: string, sshArgs: string[]): Promise<number> {
  const record = await context.findLaunch(ref);
  const info = await context.must('connect.info', { launchId: record.id });
  if (info.platform === 'windows')
    throw new CliExit(EXIT.refused, {
      code: 'WindowsInstance',
      message: `${record.spec.name} is a Windows instance: connect with RDP.`,
      remedy: 'Use the Connect tab of the app for the .rdp file and the password.',
    });
  if (!info.sshCommand) {
    const blocking = info.checks.filter((c) => !c.ok);
    throw new CliExit(EXIT.failure, {
      code: 'CannotConnect',
      message: `SSH to ${record.spec.name} cannot work now: ${blocking.map((c) => `${c.title}${c.detail ? ` (${c.detail})` : ''}`).join('; ') || 'no address'}.`,
      remedy: blocking.find((c) => c.remedy)?.remedy,
    });
  }
  const script = await context.must('connect.file', { launchId: record.id, kind: 'sh' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-connect-'));
  const file = path.join(dir, script.fileName);
  await writeFile(file, script.content, { mode: 0o700 });
  // The backend is not needed while ssh runs; a backend in this process gives the data directory back now.
  await context.close();
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('bash', [file, ...sshArgs], { stdio: 'inherit' });
      process.on('SIGINT', () => undefined);
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
