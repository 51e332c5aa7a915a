import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../../installer-agent/src/cli/parse-cli';

const usageError = (argv: string[]): string => {
  const parsed = parseCli(argv);
  if (parsed.ok) throw new Error(`expected a usage error for ${argv.join(' ')}`);
  return parsed.error.message;
};

describe('parseCli', () => {
  it('parses serve', () => {
    expect(parseCli(['serve', '--config', '/c.json'])).toEqual({
      ok: true,
      value: { command: 'serve', configPath: '/c.json' },
    });
  });

  it('parses run and leaves the command line after -- untouched', () => {
    expect(parseCli(['run', '--config', 'c', '--name', 'setup', '--', 'bash', '-c', 'echo --config x'])).toEqual({
      ok: true,
      value: {
        command: 'run',
        configPath: 'c',
        name: 'setup',
        quiet: false,
        program: 'bash',
        args: ['-c', 'echo --config x'],
      },
    });
  });

  it('parses log with a stream and text, defaulting to the log stream', () => {
    expect(parseCli(['log', '--config', 'c', 'hello', 'world'])).toMatchObject({
      ok: true,
      value: { stream: 'log', text: ['hello', 'world'] },
    });
    expect(parseCli(['log', '--config', 'c', '--stream', 'stderr'])).toMatchObject({
      ok: true,
      value: { stream: 'stderr', text: [] },
    });
  });

  it('parses finish with an optional message', () => {
    expect(parseCli(['finish', '--config', 'c', 'failure', 'disk', 'full'])).toEqual({
      ok: true,
      value: { command: 'finish', configPath: 'c', result: 'failure', message: 'disk full' },
    });
    expect(parseCli(['finish', '--config', 'c', 'success'])).toMatchObject({
      ok: true,
      value: { result: 'success', message: undefined },
    });
  });

  it('explains what is wrong', () => {
    expect(usageError([])).toBe('missing command');
    expect(usageError(['launch'])).toBe('unknown command "launch"');
    expect(usageError(['serve'])).toBe('serve: --config FILE is required');
    expect(usageError(['serve', '--config', 'c', '--port', '1'])).toMatch(/--port/);
    expect(usageError(['run', '--config', 'c'])).toBe('run: missing the command to run after "--"');
    expect(usageError(['run', '--config', 'c', 'bash'])).toMatch(/put the command after "--"/);
    expect(usageError(['log', '--config', 'c', '--stream', 'stdin'])).toMatch(/--stream must be stdout, stderr or log/);
    expect(usageError(['finish', '--config', 'c', 'ok'])).toBe('finish: expected success or failure, not "ok"');
    expect(usageError(['finish', '--config', 'c'])).toBe('finish: say success or failure');
  });

  it('recognizes help and version', () => {
    expect(parseCli(['--help'])).toEqual({ ok: true, value: { command: 'help' } });
    expect(parseCli(['run', '-h'])).toEqual({ ok: true, value: { command: 'help' } });
    expect(parseCli(['--version'])).toEqual({ ok: true, value: { command: 'version' } });
  });
});
