/**
 * The `kiln` commands and their options (commander). Every command calls the contract's commands, the renderer's
 * own: of the Kiln already running on the data directory (over its loopback API, found in `<dataDir>/api.json`), or
 * of a backend built in this process while no Kiln runs there. The command modules load only when a command runs,
 * so `kiln --help` answers at once.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import type { CliContext, GlobalOptions } from './cli-context';
import type { ScheduleOptions } from './commands/snapshots';

const EXIT_CODES = `
Exit codes:
  0    success (for a followed launch: the install's success token)
  1    failure (the install failed, a command failed)
  2    refused: bad input, a preflight refusal, an unknown launch; nothing was created
  130  interrupted with Ctrl-C (a followed launch keeps running)`;

const EXIT_REFUSED = 2;

type Action = (context: CliContext) => Promise<number>;

async function run(command: Command, action: Action): Promise<void> {
  const { createCliContext, CliExit } = await import('./cli-context');
  const globals = command.optsWithGlobals<GlobalOptions>();
  const context = createCliContext({
    globals,
    env: process.env,
    rootDir: rootDir(),
    stdout: process.stdout,
    stderr: process.stderr,
  });
  let code: number;
  try {
    code = await action(context);
  } catch (error) {
    if (!(error instanceof CliExit)) throw error;
    code = error.code;
    if (error.error) {
      if (context.json)
        context.printJson((await import('./output-schemas')).CliFailure, { ok: false, error: error.error });
      context.note(`kiln: ${error.error.message}${error.error.remedy ? `\n  ${error.error.remedy}` : ''}`);
    }
  } finally {
    await context.close();
  }
  process.exitCode = code;
  // Timers of the backend (monitors, keep-alive sockets) must not keep the command alive once it has answered.
  setTimeout(() => process.exit(code), 100).unref();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

const commands = () => import('./commands/launches');

export function createProgram(): Command {
  const program = new Command('kiln')
    .description('Kiln from a terminal or a CI job: launch, follow, bake and clean up EC2 instances.')
    .option('--data-dir <dir>', "Kiln's data directory (default: KILN_DATA_DIR, else the app's per-user directory)")
    .option(
      '--sandbox-endpoint <url>',
      'the local sandbox to use when no Kiln app runs (default: KILN_SANDBOX_ENDPOINT)',
    )
    .option('--profile <id>', 'the profile for commands that need one (default: KILN_PROFILE, else the first usable)')
    .option('--json', 'print JSON in the documented shape instead of tables')
    .option('--verbose', "print the backend's log on stderr")
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', EXIT_CODES)
    .showHelpAfterError()
    // Set before the commands are added so they inherit it: a usage mistake exits 2 (refused), --help exits 0.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT_REFUSED));

  program
    .command('list')
    .description('the launches Kiln knows, newest first')
    .action((_o, cmd: Command) => run(cmd, async (c) => (await commands()).listCommand(c)));
  program
    .command('show')
    .description('one launch: phases, instance, agent link, outcome, bakes')
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .action((id: string, _o, cmd: Command) => run(cmd, async (c) => (await commands()).showCommand(c, id)));
  program
    .command('logs')
    .description("a launch's install log (stdout lines to stdout, stderr lines to stderr)")
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .option('-f, --follow', 'keep printing until the install ends; exit 0 on success, 1 on failure')
    .option('--after <n>', 'only lines after sequence number N', '0')
    .action((id: string, o: { follow?: boolean; after: string }, cmd: Command) =>
      run(cmd, async (c) => (await commands()).logsCommand(c, id, { follow: o.follow, after: parseCount(o.after) })),
    );
  program
    .command('launch')
    .description("launch from a spec file or a preset, with the wizard's checks and refusals")
    .option('--spec <file>', 'a LaunchSpec as JSON (README, "Command line")')
    .option('--preset <name>', 'a preset saved in the app')
    .option('--name <name>', 'the instance name (Name tag)')
    .option('--count <n>', 'how many instances (name-1 … name-N)')
    .option('--dns-zone <zoneId>', 'a Route 53 hosted zone id for the DNS name (with --dns-name)')
    .option('--dns-name <name>', "an A record for the instance's IP, inside the zone (with --dns-zone)")
    .option('-f, --follow', "print the install log; exit with the install's result")
    .addOption(
      new Option('--on-success <action>', 'after a successful install (needs --follow)').choices([
        'keep',
        'terminate',
        'bake',
      ]),
    )
    .option(
      '--on-failure <action>',
      'after a failed install (needs --follow): keep, terminate, or salvage=DURATION (e.g. 4h)',
    )
    .option('--image-name <name>', 'the image name for --on-success bake (default: name and time)')
    .addHelpText('after', EXIT_CODES)
    .action((o: Record<string, string | boolean | undefined>, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/launch')).launchCommand(c, o)),
    );
  program
    .command('bake')
    .description('launch, follow, seal and image, wait until available, terminate; prints the AMI id(s)')
    .option('--spec <file>', 'a LaunchSpec as JSON')
    .option('--preset <name>', 'a preset saved in the app')
    .option('--name <name>', 'the instance name while it is built')
    .requiredOption('--image-name <name>', 'the name of the new image')
    .option('--copy-to <region...>', 'copy the image to these regions too')
    .addHelpText('after', EXIT_CODES)
    .action(
      (o: { spec?: string; preset?: string; name?: string; imageName: string; copyTo?: string[] }, cmd: Command) =>
        run(cmd, async (c) => (await import('./commands/bake')).bakeCommand(c, o)),
    );
  program
    .command('terminate')
    .description('terminate launches and delete what Kiln created for them')
    .argument('<id...>', 'launch ids, unique prefixes, instance ids or Names')
    .option('--confirm-name <name>', 'the instance name, required when it has termination protection')
    .action((ids: string[], o: { confirmName?: string }, cmd: Command) =>
      run(cmd, async (c) => (await commands()).terminateCommand(c, ids, o)),
    );
  program
    .command('images')
    .description('the Kiln-baked images of the profile')
    .action((_o, cmd: Command) => run(cmd, async (c) => (await import('./commands/images')).imagesCommand(c)));
  const image = program.command('image').description('one image');
  image
    .command('deregister')
    .description('deregister a Kiln-baked image and delete its snapshots')
    .argument('<image-id>', 'the AMI id')
    .option('--region <region>', 'its region (default: found among the Kiln-baked images)')
    .action((id: string, o: { region?: string }, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/images')).imageDeregisterCommand(c, id, o)),
    );
  const alarms = program.command('alarms').description("a launch's recovery alarms (AWS recovers or reboots it)");
  const health = () => import('./commands/health');
  alarms
    .command('list')
    .description('alarm states of these launches (default: every launch with alarms)')
    .argument('[id...]', 'launch ids, unique prefixes, instance ids or Names')
    .action((ids: string[], _o, cmd: Command) => run(cmd, async (c) => (await health()).alarmsListCommand(c, ids)));
  alarms
    .command('enable')
    .description('create the recover and reboot alarms (refused, exit 2, where EC2 cannot recover the instance)')
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .option('--reboot-only', 'create the reboot alarm alone')
    .action((id: string, o: { rebootOnly?: boolean }, cmd: Command) =>
      run(cmd, async (c) => (await health()).alarmsEnableCommand(c, id, o)),
    );
  alarms
    .command('remove')
    .description("delete the launch's recovery alarms (Kiln will not create them again by itself)")
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .action((id: string, _o, cmd: Command) => run(cmd, async (c) => (await health()).alarmsRemoveCommand(c, id)));
  const fleet = program.command('fleet').description('fleets: an image on Auto Scaling, behind a load balancer');
  const fleets = () => import('./commands/fleets');
  fleet
    .command('create')
    .description('create a fleet from a fleet spec file (preview first with --dry-run)')
    .requiredOption('--spec <file>', 'a FleetSpec as JSON (README, "Fleets")')
    .option('--name <name>', 'the fleet name')
    .option('--image <ami>', 'the image (e.g. one `kiln bake` printed)')
    .option('--dry-run', 'only print what would be created and its cost')
    .addHelpText('after', EXIT_CODES)
    .action((o: { spec: string; name?: string; image?: string; dryRun?: boolean }, cmd: Command) =>
      run(cmd, async (c) => (await fleets()).fleetCreateCommand(c, o)),
    );
  fleet
    .command('list')
    .description('the fleets with capacity, instances in service, unhealthy ones and a rollout in progress')
    .action((_o, cmd: Command) => run(cmd, async (c) => (await fleets()).fleetListCommand(c)));
  fleet
    .command('scale')
    .description("set a fleet's min, desired and max")
    .argument('<fleet>', 'fleet id or name')
    .option('--min <n>', 'least instances')
    .option('--desired <n>', 'instances now')
    .option('--max <n>', 'most instances')
    .action((ref: string, o: { min?: string; desired?: string; max?: string }, cmd: Command) =>
      run(cmd, async (c) => (await fleets()).fleetScaleCommand(c, ref, o)),
    );
  fleet
    .command('rollout')
    .description('roll out another image: a new launch template version and an instance refresh')
    .argument('<fleet>', 'fleet id or name')
    .requiredOption('--image <ami>', 'the new image')
    .option('--min-healthy <percent>', 'share of the group kept in service meanwhile (default 90)')
    .option('--launch-first', 'launch each replacement before terminating the old instance (all stay in service)')
    .option('--wait', 'print the progress until the refresh ends; exit 1 if it does not succeed')
    .action(
      (ref: string, o: { image: string; minHealthy?: string; launchFirst?: boolean; wait?: boolean }, cmd: Command) =>
        run(cmd, async (c) => (await fleets()).fleetRolloutCommand(c, ref, o)),
    );
  fleet
    .command('delete')
    .description('scale to zero and delete everything Kiln created for the fleet')
    .argument('<fleet>', 'fleet id or name')
    .action((ref: string, _o, cmd: Command) => run(cmd, async (c) => (await fleets()).fleetDeleteCommand(c, ref)));
  program
    .command('inventory')
    .description("everything Kiln manages in the profile's regions, from AWS tags, with owner, age, state and cost")
    .option('--csv', 'print the CSV export (RFC 4180) instead of a table; --json prints the JSON export')
    .action((o: { csv?: boolean }, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/inventory')).inventoryCommand(c, o)),
    );
  program
    .command('cleanup')
    .description('delete Kiln-tagged resources that no launch here owns')
    .option('--dry-run', 'only list them')
    .action((o: { dryRun?: boolean }, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/account')).cleanupCommand(c, o)),
    );
  program
    .command('profiles')
    .description('the profiles, with caller identity and expiry')
    .action((_o, cmd: Command) => run(cmd, async (c) => (await import('./commands/account')).profilesCommand(c)));
  program
    .command('regions')
    .description("the profile's regions")
    .action((_o, cmd: Command) => run(cmd, async (c) => (await import('./commands/account')).regionsCommand(c)));
  program
    .command('ping')
    .description('instance state, status checks, agent link and connectivity checks of a launch')
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .action((id: string, _o, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/instance')).pingCommand(c, id)),
    );
  program
    .command('connect')
    .description("ssh to a launch's instance with its key and pinned host keys (the Connect tab's script)")
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .argument('[ssh-args...]', 'after --: passed to ssh (e.g. a remote command)')
    .action((id: string, sshArgs: string[], _o, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/instance')).connectCommand(c, id, sshArgs)),
    );
  program
    .command('snapshots')
    .description('snapshot schedules (Data Lifecycle Manager)')
    .command('schedule')
    .description("show, set or remove a launch's snapshot schedule (one DLM policy on its volumes)")
    .argument('<id>', 'launch id, unique prefix, instance id or Name')
    .option('--hourly', 'a snapshot every hour (the default schedule)')
    .option('--every <hours>', 'a snapshot every N hours: 1, 2, 3, 4, 6, 8, 12 or 24')
    .option('--daily <HH:MM>', 'a snapshot a day at this UTC time')
    .option('--keep <n>', 'how many snapshots of each volume to keep, 1 to 1000 (default 2)')
    .option('--create-role', "create DLM's default IAM role first if it is missing")
    .option('--dry-run', 'only say what setting the schedule would create')
    .option('--remove', "delete the launch's policy (its snapshots stay)")
    .addHelpText('after', EXIT_CODES)
    .action((id: string, o: ScheduleOptions, cmd: Command) =>
      run(cmd, async (c) => (await import('./commands/snapshots')).snapshotScheduleCommand(c, id, o)),
    );
  program
    .command('import')
    .description("find Kiln launches in the profile's regions that this workstation does not know")
    .action((_o, cmd: Command) => run(cmd, async (c) => (await commands()).importCommand(c)));
  return program;
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`kiln: --after is a sequence number ≥ 0, not "${text}".\n`);
    process.exit(2);
  }
  return value;
}

/** The repository or installed app root (assets/, dist/agent/): two levels above this bundle (dist/cli/kiln.cjs). */
function rootDir(): string {
  return path.resolve(__dirname, '..', '..');
}
