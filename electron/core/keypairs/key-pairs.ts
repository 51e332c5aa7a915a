/** EC2 key pairs for launches: listing, the checks before a launch, creating (locally generated) and deleting. */
import { constants } from 'node:fs';
import { access, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  DeleteKeyPairCommand,
  DescribeKeyPairsCommand,
  ImportKeyPairCommand,
  type EC2Client,
  type ImportKeyPairCommandInput,
} from '@aws-sdk/client-ec2';
import type { KeyPairChoice, KeyPairSummary } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall, throwAwsFailure } from '../aws/clients';
import { awsErrorCode } from '../aws/errors';
import { KILN_CREATED_BY_TAG, KILN_CREATED_BY_VALUE, KILN_LAUNCH_ID_TAG } from '../launch/tags';
import type { ProfileContext } from '../profiles/profile-context';
import { generateLocalKeyPair } from './openssh-key';

export async function listKeyPairs(context: ProfileContext, ec2: EC2Client): Promise<KeyPairSummary[]> {
  const out = await awsCall(context, 'list key pairs', () => ec2.send(new DescribeKeyPairsCommand({})));
  return (out.KeyPairs ?? [])
    .filter((k) => k.KeyName)
    .map((k) => ({
      name: k.KeyName!,
      keyPairId: k.KeyPairId,
      type: k.KeyType,
      fingerprint: k.KeyFingerprint,
      createdAt: k.CreateTime?.toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const keyField = (sub: string) => `keyPair.${sub}`;

/** Everything about the key pair choice that can be checked before anything is created. */
export async function checkKeyPairChoice(
  context: ProfileContext,
  ec2: EC2Client,
  choice: KeyPairChoice,
  platform: 'linux' | 'windows',
): Promise<void> {
  if (choice.mode === 'none') return;
  if (platform === 'windows' && choice.mode === 'create' && choice.type !== 'rsa') {
    throw windowsNeedsRsa('Choose RSA as the key type.', keyField('type'));
  }
  if (platform === 'windows' && choice.mode === 'import' && !choice.publicKey.startsWith('ssh-rsa ')) {
    throw windowsNeedsRsa('Paste the public key of an RSA key pair (it starts with "ssh-rsa").', keyField('publicKey'));
  }
  const pairs = await listKeyPairs(context, ec2);
  const names = new Set(pairs.map((k) => k.name));
  if (choice.mode === 'existing') {
    const type = pairs.find((k) => k.name === choice.name)?.type;
    if (platform === 'windows' && type && type !== 'rsa') {
      throw windowsNeedsRsa(
        `"${choice.name}" is an ${type} key pair: pick an RSA key pair, or create one.`,
        keyField('name'),
      );
    }
    if (!names.has(choice.name)) {
      throw new KilnFailure({
        code: 'InvalidKeyPair.NotFound',
        message: `There is no key pair named "${choice.name}" in this region.`,
        remedy: 'Pick one from the list, or create a new key pair.',
        field: keyField('name'),
      });
    }
    return;
  }
  if (names.has(choice.name)) {
    throw new KilnFailure({
      code: 'InvalidKeyPair.Duplicate',
      message: `A key pair named "${choice.name}" already exists in this region.`,
      remedy: 'Choose another name, or use the existing key pair.',
      field: keyField('name'),
    });
  }
  if (choice.mode === 'create') await checkSavePath(choice.savePath);
}

/** AWS encrypts a Windows instance's Administrator password with its key pair, which only RSA keys can do. */
function windowsNeedsRsa(remedy: string, field: string): KilnFailure {
  return new KilnFailure({
    code: 'KeyTypeNotSupported',
    message:
      'Windows AMIs need an RSA key pair: EC2 encrypts the Administrator password with it, and cannot with an ED25519 key.',
    remedy,
    field,
  });
}

/** The private key file must be new, in a directory that exists: Kiln never overwrites a key. */
export async function checkSavePath(savePath: string): Promise<void> {
  const field = keyField('savePath');
  if (!path.isAbsolute(savePath)) {
    throw new KilnFailure({
      code: 'KeyPathNotAbsolute',
      message: `${savePath} is not an absolute path.`,
      remedy: 'Choose a full path, e.g. /home/you/.ssh/kiln-key.',
      field,
    });
  }
  const exists = await access(savePath, constants.F_OK).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new KilnFailure({
      code: 'KeyFileExists',
      message: `${savePath} already exists; Kiln does not overwrite key files.`,
      remedy: 'Choose a new file name.',
      field,
    });
  }
  const directory = path.dirname(savePath);
  const isDirectory = await stat(directory).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new KilnFailure({
      code: 'KeyDirectoryMissing',
      message: `The folder ${directory} does not exist.`,
      remedy: 'Choose a file in an existing folder.',
      field,
    });
  }
}

function keyPairTags(launchId: string) {
  return [
    {
      ResourceType: 'key-pair' as const,
      Tags: [
        { Key: KILN_LAUNCH_ID_TAG, Value: launchId },
        { Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE },
      ],
    },
  ];
}

/** The ImportKeyPair request of a launch's key; the preflight sends the same one with DryRun (tags included). */
export function importKeyPairInput(launchId: string, name: string, publicKey: string): ImportKeyPairCommandInput {
  return { KeyName: name, PublicKeyMaterial: Buffer.from(publicKey, 'utf8'), TagSpecifications: keyPairTags(launchId) };
}

async function importPublicKey(
  context: ProfileContext,
  ec2: EC2Client,
  launchId: string,
  name: string,
  publicKey: string,
): Promise<void> {
  await awsCall(context, `import key pair ${name}`, () =>
    ec2.send(new ImportKeyPairCommand(importKeyPairInput(launchId, name, publicKey))),
  );
}

/**
 * Makes the key pair a launch asked for and returns its name (undefined for "none" and "existing", which
 * Kiln does not own). "create" generates the key locally, writes the private key once with mode 0600, then
 * imports only the public key; the private key is not kept anywhere else.
 */
export async function provideLaunchKeyPair(
  context: ProfileContext,
  ec2: EC2Client,
  launchId: string,
  choice: KeyPairChoice,
): Promise<string | undefined> {
  if (choice.mode === 'none' || choice.mode === 'existing') return undefined;
  if (choice.mode === 'import') {
    await importPublicKey(context, ec2, launchId, choice.name, choice.publicKey);
    return choice.name;
  }
  const key = await generateLocalKeyPair(choice.type, choice.name);
  await writeNewPrivateKey(choice.savePath, key.privateKey);
  try {
    await importPublicKey(context, ec2, launchId, choice.name, key.publicKey);
  } catch (error) {
    // A private key whose public half is not in EC2 is useless; do not leave it behind.
    await unlink(choice.savePath).catch(() => undefined);
    throw error;
  }
  return choice.name;
}

async function writeNewPrivateKey(savePath: string, content: string): Promise<void> {
  // 'wx' refuses an existing file even if one appeared since the preflight.
  const handle = await open(savePath, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new KilnFailure({
      code: error.code === 'EEXIST' ? 'KeyFileExists' : 'KeyFileNotWritten',
      message: `Kiln could not write the private key to ${savePath}: ${error.message}.`,
      remedy: 'Choose a new file in a folder you can write to.',
      field: keyField('savePath'),
    });
  });
  try {
    await handle.writeFile(content, 'utf8');
    await handle.chmod(0o600);
  } finally {
    await handle.close();
  }
}

/** Deletes a key pair Kiln created; a pair that is already gone counts as deleted. */
export async function deleteKeyPair(context: ProfileContext, ec2: EC2Client, name: string): Promise<void> {
  try {
    await ec2.send(new DeleteKeyPairCommand({ KeyName: name }));
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidKeyPair.NotFound') return;
    throwAwsFailure(context, `delete key pair ${name}`, error);
  }
}
