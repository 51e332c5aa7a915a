/**
 * The artifact bucket: a private, tagged S3 bucket in the operator's account that holds what does not fit in
 * user data (the agent bundle, install scripts too large for user data). Instances fetch it through short-lived
 * presigned GET URLs.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsCall, type AwsClients } from '../aws/clients';
import type { ProfileContext } from '../profiles/profile-context';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE } from '../launch/tags';

export interface Artifact {
  bytes: Uint8Array;
  sha256: string;
  fileName: string;
}

export interface ArtifactStore {
  /** False for a mirror: Kiln uploads nothing, so only artifacts the operator mirrors (the agent) can be had. */
  readonly uploads: boolean;
  /** Uploads the artifact if the bucket does not have it yet and returns a presigned GET URL. */
  publish(context: ProfileContext, clients: AwsClients, accountId: string, artifact: Artifact): Promise<string>;
  /** The URL `publish` returns for the artifact, signed without uploading anything (for the user data preview). */
  signedUrl(context: ProfileContext, clients: AwsClients, accountId: string, artifact: Artifact): Promise<string>;
}

export const PRESIGNED_URL_SECONDS = 60 * 60;

export function artifactBucketName(accountId: string, region: string): string {
  return `kiln-artifacts-${accountId}-${region}`;
}

export function createArtifactStore(): ArtifactStore {
  const knownBuckets = new Set<string>();

  async function ensureBucket(context: ProfileContext, clients: AwsClients, bucket: string): Promise<void> {
    if (knownBuckets.has(bucket)) return;
    const { s3, region } = clients;
    const exists = await awsCall(context, `check the artifact bucket ${bucket}`, async () => {
      try {
        await s3.send(new HeadBucketCommand({ Bucket: bucket }));
        return true;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
        throw error;
      }
    });
    if (!exists) {
      await awsCall(context, `create the artifact bucket ${bucket}`, async () => {
        try {
          await s3.send(
            new CreateBucketCommand({
              Bucket: bucket,
              CreateBucketConfiguration:
                region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
            }),
          );
        } catch (error) {
          // Two first launches at once: the other one created it a moment ago.
          if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
        }
      });
    }
    // Once per run, also for a bucket that exists: a first creation that failed half-way left it without these.
    await awsCall(context, `make the artifact bucket ${bucket} private and tagged`, async () => {
      await s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        }),
      );
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: bucket,
          Tagging: { TagSet: [{ Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE }] },
        }),
      );
    });
    knownBuckets.add(bucket);
  }

  return {
    uploads: true,
    async publish(context, clients, accountId, artifact) {
      const bucket = artifactBucketName(accountId, clients.region);
      await ensureBucket(context, clients, bucket);
      const key = artifactKey(artifact);
      const { s3 } = clients;
      const present = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
        () => true,
        () => false,
      );
      if (!present) {
        await awsCall(context, `upload ${artifact.fileName} to ${bucket}`, () =>
          s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: artifact.bytes,
              ContentType: 'application/octet-stream',
              ServerSideEncryption: 'AES256',
            }),
          ),
        );
      }
      return signedUrl(context, clients, accountId, artifact);
    },
    signedUrl,
  };
}

/** A presigned GET URL of the artifact's key: signing is local, so it needs neither the bucket nor the object. */
function signedUrl(
  context: ProfileContext,
  clients: AwsClients,
  accountId: string,
  artifact: Artifact,
): Promise<string> {
  const bucket = artifactBucketName(accountId, clients.region);
  const key = artifactKey(artifact);
  return awsCall(context, `sign a download URL for ${artifact.fileName}`, () =>
    getSignedUrl(clients.s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: PRESIGNED_URL_SECONDS }),
  );
}

function artifactKey(artifact: Artifact): string {
  return `artifacts/${artifact.sha256}/${artifact.fileName}`;
}

/**
 * Artifacts from a mirror the operator runs (air-gapped networks, no S3 access from the instances): Kiln does not
 * upload; the mirror must serve `<baseUrl>/artifacts/<sha256>/<fileName>`, and the bootstrap verifies the SHA-256.
 */
export function createMirrorArtifactStore(baseUrl: string): ArtifactStore {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error(`The artifact mirror must be an http(s) URL, not ${baseUrl}`);
  const root = base.toString().replace(/\/+$/, '');
  const url = (_context: ProfileContext, _clients: AwsClients, _accountId: string, artifact: Artifact) =>
    Promise.resolve(`${root}/artifacts/${artifact.sha256}/${encodeURIComponent(artifact.fileName)}`);
  return { uploads: false, publish: url, signedUrl: url };
}
