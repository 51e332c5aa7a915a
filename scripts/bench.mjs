// `npm run bench`: builds the agent, then runs every bench/*.bench.{ts,mjs} (or those named on the command
// line) one after another; each writes its JSON under bench-results/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildShippedAgent } from './build-agent.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(path.join(root, 'bench'))
  .filter((file) => /\.bench\.(ts|mjs)$/.test(file))
  .filter((file) => wanted.length === 0 || wanted.some((w) => file.includes(w)))
  .sort();

await buildShippedAgent();
let failed = 0;
for (const file of benches) {
  console.log(`\n▶ ${file}`);
  const runner = file.endsWith('.ts') ? [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')] : [];
  const { status } = spawnSync(process.execPath, [...runner, path.join('bench', file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} benchmarks ran, ${failed} failed; results in bench-results/`);
process.exit(failed === 0 ? 0 : 1);
