/**
 * Who logs in where, for one launch: the instance as EC2 describes it now, the endpoint a client reaches, the login
 * user (the operator's choice, the profile's, or the AMI's default user) and the key (a key file before EC2
 * Instance Connect).
 */
import { DescribeInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import type { ConnectInfo, ConnectKeySource, LaunchRecord } from '../../common/models';
import { KilnFailure } from '../../common/result';
import { awsCall } from '../aws/clients';
import type { Catalog } from '../catalog/catalog';
import type { LoginEndpoint, ProfileContext } from '../profiles/profile-context';
import { detectLoginUser } from './login-user';

export interface LoginTarget {
  record: LaunchRecord;
  instanceId: string;
  instance: Instance;
  platform: 'linux' | 'windows';
  /** 22 for Linux, 3389 for Windows. */
  standardPort: number;
  endpoint: LoginEndpoint | undefined;
  user: string;
  userSource: ConnectInfo['userSource'];
  userDetail: string;
  keySource: ConnectKeySource;
  keyPath: string | undefined;
}

export async function resolveLoginTarget(
  context: ProfileContext,
  ec2: EC2Client,
  catalog: Pick<Catalog, 'describeImage'>,
  record: LaunchRecord,
): Promise<LoginTarget> {
  const instanceId = record.instanceId;
  if (!instanceId) {
    throw new KilnFailure({
      code: 'NoInstance',
      message: `${record.spec.name} has no instance to connect to.`,
      remedy: 'Launch again.',
    });
  }
  const out = await awsCall(context, `describe ${instanceId}`, () =>
    ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
  );
  const instance = out.Reservations?.[0]?.Instances?.[0];
  if (!instance) {
    throw new KilnFailure({
      code: 'InstanceNotFound',
      message: `${instanceId} no longer exists.`,
      remedy: 'Terminate the launch to clean up.',
    });
  }
  const platform =
    instance.Platform?.toLowerCase() === 'windows' || /windows/i.test(instance.PlatformDetails ?? '')
      ? 'windows'
      : 'linux';
  const standardPort = platform === 'windows' ? 3389 : 22;
  const address = {
    instanceId,
    publicIp: instance.PublicIpAddress,
    publicDnsName: instance.PublicDnsName || undefined,
  };
  const endpoint = context.loginEndpoint
    ? context.loginEndpoint(address, standardPort)
    : defaultEndpoint(address.publicDnsName ?? address.publicIp, standardPort);
  const login = await chooseUser(context, catalog, record, platform, instance.ImageId);
  return { record, instanceId, instance, platform, standardPort, endpoint, ...login, ...chooseKey(record, platform) };
}

function defaultEndpoint(host: string | undefined, port: number): LoginEndpoint | undefined {
  return host ? { host, port } : undefined;
}

async function chooseUser(
  context: ProfileContext,
  catalog: Pick<Catalog, 'describeImage'>,
  record: LaunchRecord,
  platform: 'linux' | 'windows',
  imageId: string | undefined,
): Promise<Pick<LoginTarget, 'user' | 'userSource' | 'userDetail'>> {
  if (record.connect?.user)
    return { user: record.connect.user, userSource: 'operator', userDetail: 'chosen on this launch' };
  if (context.loginUser && platform === 'linux') {
    return {
      user: context.loginUser,
      userSource: 'sandbox',
      userDetail: 'the local sandbox logs every instance in as your own account',
    };
  }
  const image = await catalog
    .describeImage(context, record.spec.region, imageId ?? record.spec.imageId)
    .catch(() => undefined);
  const detected = detectLoginUser(image ?? { platform });
  return {
    user: detected.user,
    userSource: detected.source,
    userDetail: image
      ? detected.detail
      : `the AMI ${imageId ?? record.spec.imageId} cannot be described any more; ${detected.detail}`,
  };
}

/** The launch's own key file (chosen by the operator, or the one Kiln wrote) before EC2 Instance Connect. */
function chooseKey(record: LaunchRecord, platform: 'linux' | 'windows'): Pick<LoginTarget, 'keySource' | 'keyPath'> {
  if (record.connect?.keyPath) return { keySource: 'operator-key-file', keyPath: record.connect.keyPath };
  if (record.spec.keyPair?.mode === 'create')
    return { keySource: 'launch-key-file', keyPath: record.spec.keyPair.savePath };
  return platform === 'linux'
    ? { keySource: 'instance-connect', keyPath: undefined }
    : { keySource: 'none', keyPath: undefined };
}

/** The EC2 key pair the instance was launched with, if any. */
export function keyPairNameOf(target: LoginTarget): string | undefined {
  return (
    target.instance.KeyName ??
    (target.record.spec.keyPair && 'name' in target.record.spec.keyPair ? target.record.spec.keyPair.name : undefined)
  );
}
