/**
 * Makes a sandbox image fail, for tests of what Kiln does when EC2 gives up on an image: the launcher's
 * `POST /moto-api/kiln/fail-image` sets the image `failed` with the given StateReason and its snapshots `error`.
 */

/** The StateReason DescribeImages will show, e.g. `{ code: 'Client.InternalError', message: '…' }`. */
export interface SandboxImageFailure {
  code: string;
  message: string;
}

export interface FailedSandboxImage {
  imageId: string;
  /** The region whose moto backend holds the image. */
  region: string;
  /** Its snapshots, now in state `error`. */
  snapshotIds: string[];
}

/** Fails `imageId` in the sandbox at `endpoint`; throws when the sandbox has no such image or refuses the request. */
export async function failSandboxImage(
  endpoint: string,
  imageId: string,
  reason: SandboxImageFailure,
): Promise<FailedSandboxImage> {
  const response = await fetch(new URL('/moto-api/kiln/fail-image', endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imageId, code: reason.code, message: reason.message }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the sandbox did not fail ${imageId} (HTTP ${response.status}): ${text.trim()}`);
  const body = JSON.parse(text) as { imageId: string; region: string; snapshotIds: string[] };
  return { imageId: body.imageId, region: body.region, snapshotIds: body.snapshotIds };
}
