import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxImageRoot, seedRootFromImage } from '../../../electron/core/sandbox/image-disk';

const IMAGE_ID = 'ami-0123456789abcdef0';
let dir: string;
let imagesDir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-image-disk-'));
  imagesDir = path.join(dir, 'images');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sandboxImageRoot', () => {
  it('is <imagesDir>/<imageId>/root for AMI ids only', () => {
    expect(sandboxImageRoot('/s/images', IMAGE_ID)).toBe(`/s/images/${IMAGE_ID}/root`);
    expect(sandboxImageRoot('/s/images', 'ami-12345678')).toBe('/s/images/ami-12345678/root');
    for (const id of ['../instances', 'ami-../../etc', 'ami-XYZ12345', 'i-0123456789abcdef0', '']) {
      expect(sandboxImageRoot('/s/images', id)).toBeUndefined();
    }
  });
});

describe('seedRootFromImage', () => {
  it("copies the image's tree into the instance's root, keeping modes and symlinks, replacing files", async () => {
    const tree = sandboxImageRoot(imagesDir, IMAGE_ID)!;
    await mkdir(path.join(tree, 'app', 'private'), { recursive: true });
    await writeFile(path.join(tree, 'app', 'hello.txt'), 'from the image\n');
    await writeFile(path.join(tree, 'app', 'run.sh'), '#!/bin/sh\n');
    await chmod(path.join(tree, 'app', 'run.sh'), 0o750);
    await chmod(path.join(tree, 'app', 'private'), 0o700);
    await symlink('hello.txt', path.join(tree, 'app', 'link'));
    const root = path.join(dir, 'instances', 'i-0123456789abcdef0', 'root');
    await mkdir(path.join(root, 'app'), { recursive: true });
    await writeFile(path.join(root, 'app', 'hello.txt'), 'stale\n');
    await writeFile(path.join(root, 'kept.txt'), 'kept\n');

    expect(await seedRootFromImage(imagesDir, IMAGE_ID, root)).toBe(true);

    expect(await readFile(path.join(root, 'app', 'hello.txt'), 'utf8')).toBe('from the image\n');
    expect((await stat(path.join(root, 'app', 'run.sh'))).mode & 0o777).toBe(0o750);
    expect((await stat(path.join(root, 'app', 'private'))).mode & 0o777).toBe(0o700);
    expect((await lstat(path.join(root, 'app', 'link'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(root, 'app', 'link'))).toBe('hello.txt');
    expect(await readFile(path.join(root, 'kept.txt'), 'utf8')).toBe('kept\n');
  });

  it('creates the root when the instance has none yet', async () => {
    const tree = sandboxImageRoot(imagesDir, IMAGE_ID)!;
    await mkdir(tree, { recursive: true });
    await writeFile(path.join(tree, 'marker'), 'x');
    const root = path.join(dir, 'fresh', 'root');
    expect(await seedRootFromImage(imagesDir, IMAGE_ID, root)).toBe(true);
    expect(await readFile(path.join(root, 'marker'), 'utf8')).toBe('x');
  });

  it('does nothing for an image without a tree or an id that is not an AMI id', async () => {
    const root = path.join(dir, 'root');
    expect(await seedRootFromImage(imagesDir, IMAGE_ID, root)).toBe(false);
    await mkdir(path.join(dir, 'escape', 'root'), { recursive: true });
    expect(await seedRootFromImage(imagesDir, '../escape', root)).toBe(false);
    await expect(stat(root)).rejects.toThrow(/ENOENT/);
  });
});
