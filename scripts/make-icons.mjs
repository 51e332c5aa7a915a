// Draws Kiln's application icon with ImageMagick (`convert`) and writes what electron-builder takes per platform:
// assets/icons/png/<size>x<size>.png (Linux), icon.ico (Windows), icon.icns (macOS), icon.png (1024 px).
// The results are committed; run `node scripts/make-icons.mjs` again only to change the icon.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'assets', 'icons');
const convert = (...args) => execFileSync('convert', args, { stdio: ['ignore', 'ignore', 'inherit'] });

// A brick kiln with a fire in its mouth, on a dark rounded square (drawn at 1024 px).
const drawing = [
  'fill #1e293b roundrectangle 100,100 924,924 190,190',
  'fill #7c2d12 rectangle 486,200 538,330',
  'fill #c2410c ellipse 512,560 250,280 180,360',
  'fill #c2410c rectangle 262,558 762,800',
  'fill #9a3412 roundrectangle 222,790 802,856 24,24',
  'fill #0f172a ellipse 512,640 112,112 180,360',
  'fill #0f172a rectangle 400,638 624,792',
  "fill #f59e0b path 'M 512,780 C 430,770 430,690 478,640 C 480,680 500,690 510,684 C 500,640 530,610 556,596 C 548,650 600,690 580,740 C 572,765 548,780 512,780 Z'",
  "fill #fde047 path 'M 512,780 C 474,776 470,736 496,712 C 500,732 516,736 522,728 C 520,708 534,694 546,690 C 548,720 566,740 552,762 C 544,774 530,780 512,780 Z'",
];

await mkdir(path.join(out, 'png'), { recursive: true });
const master = path.join(out, 'icon.png');
convert(
  '-size',
  '1024x1024',
  'xc:none',
  ...drawing.flatMap((d) => ['-draw', d]),
  '-strip',
  '-depth',
  '8',
  `PNG32:${master}`,
);

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
for (const size of sizes) {
  convert(
    master,
    '-resize',
    `${size}x${size}`,
    '-strip',
    '-depth',
    '8',
    `PNG32:${path.join(out, 'png', `${size}x${size}.png`)}`,
  );
}
convert(
  ...[16, 24, 32, 48, 64, 128, 256].map((s) => path.join(out, 'png', `${s}x${s}.png`)),
  path.join(out, 'icon.ico'),
);
await writeFile(path.join(out, 'icon.icns'), await icns());
console.log(`icons written to ${path.relative(root, out)}`);

/** An .icns file: PNG entries by OSType, each `type, length, data`, after the `icns` header (Apple's format). */
async function icns() {
  const entries = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  const chunks = [];
  for (const [type, size] of entries) {
    const png = await readFile(path.join(out, 'png', `${size}x${size}.png`));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    chunks.push(head, png);
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}
