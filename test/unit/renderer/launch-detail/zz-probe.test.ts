// @vitest-environment happy-dom
import { it, expect } from 'vitest';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
it('probe', async () => {
  const el = document.createElement('div'); document.body.appendChild(el);
  const t = new Terminal({ scrollback: 1000, allowProposedApi: true });
  const fit = new FitAddon(); const s = new SearchAddon();
  t.loadAddon(fit); t.loadAddon(s);
  let err: unknown;
  try { t.open(el); } catch (e) { err = e; }
  console.log('open error', err);
  try { fit.fit(); } catch (e) { console.log('fit error', e); }
  await new Promise<void>((r) => t.write('hello\r\n\x1b[31mred\x1b[0m\r\n', r));
  console.log('buffer', t.buffer.active.length, t.buffer.active.getLine(0)?.translateToString(true));
  console.log(s.findNext('red'));
  t.dispose();
  await new Promise((r) => setTimeout(r, 200));
});
