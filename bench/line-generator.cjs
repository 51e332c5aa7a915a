// Writes numbered lines at a steady rate, each stamped with the wall-clock time it was written (ms, fractional).
// Usage: node line-generator.cjs <lines per second | 0 for as fast as possible> <total lines>
const rate = Number(process.argv[2]);
const total = Number(process.argv[3]);
const now = () => performance.timeOrigin + performance.now();
let written = 0;

function writeBatch(count) {
  let chunk = '';
  for (let i = 0; i < count && written < total; i++, written++) chunk += `${written + 1} ${now().toFixed(3)}\n`;
  return process.stdout.write(chunk);
}

if (rate === 0) {
  const pump = () => {
    while (written < total) if (!writeBatch(1_000)) return process.stdout.once('drain', pump);
  };
  pump();
} else {
  const start = now();
  const tick = () => {
    const due = Math.min(total, Math.floor(((now() - start) / 1_000) * rate));
    if (due > written) writeBatch(due - written);
    if (written < total) setTimeout(tick, 2);
  };
  tick();
}
