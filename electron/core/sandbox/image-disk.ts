/**
 * An image's copy of its instance's disk. In the sandbox an instance's disk is its `root/` directory (KILN_ROOT, the
 * instance's /opt/kiln): the launcher copies it to `<imagesDir>/<imageId>/root` on CreateImage (and CopyImage), and
 * an instance launched from that image starts with a copy of it, as an EC2 instance starts with its AMI's volumes.
 */
import { cp, stat } from 'node:fs/promises';
import path from 'node:path';

/** An AMI id as EC2 writes it; nothing else becomes a path below the images directory. */
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

/** `<imagesDir>/<imageId>/root`, or undefined when `imageId` is not an AMI id. */
export function sandboxImageRoot(imagesDir: string, imageId: string): string | undefined {
  return IMAGE_ID.test(imageId) ? path.join(imagesDir, imageId, 'root') : undefined;
}

/**
 * Copies the image's tree into `rootDir` (created if need be), keeping modes, times and symlinks as they are; files
 * already in `rootDir` with the same names are replaced. Resolves false when the image has no tree (Amazon's AMIs,
 * or an image made without an images directory).
 */
export async function seedRootFromImage(imagesDir: string, imageId: string, rootDir: string): Promise<boolean> {
  const source = sandboxImageRoot(imagesDir, imageId);
  if (!source) return false;
  try {
    if (!(await stat(source)).isDirectory()) return false;
  } catch {
    return false;
  }
  await cp(source, rootDir, { recursive: true, force: true, preserveTimestamps: true, verbatimSymlinks: true });
  return true;
}
