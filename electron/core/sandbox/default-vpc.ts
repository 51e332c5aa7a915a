/**
 * moto's default VPCs have no internet gateway, unlike AWS's, where every default VPC has one and a 0.0.0.0/0
 * route to it. The sandbox adds them so what Kiln checks (the connectivity doctor) sees what it would on AWS.
 */
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { SANDBOX_CREDENTIALS } from './address';

export async function addInternetGatewaysToDefaultVpcs(endpoint: string, regions: readonly string[]): Promise<void> {
  await Promise.all(
    regions.map(async (region) => {
      const ec2 = new EC2Client({ region, endpoint, credentials: { ...SANDBOX_CREDENTIALS }, maxAttempts: 2 });
      try {
        const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
        const vpcId = vpcs.Vpcs?.[0]?.VpcId;
        if (!vpcId) return;
        const gateway = await ec2.send(new CreateInternetGatewayCommand({}));
        const gatewayId = gateway.InternetGateway!.InternetGatewayId!;
        await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
        const tables = await ec2.send(
          new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
        );
        const main = tables.RouteTables?.find((t) => t.Associations?.some((a) => a.Main))?.RouteTableId;
        if (main)
          await ec2.send(
            new CreateRouteCommand({ RouteTableId: main, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId }),
          );
      } finally {
        ec2.destroy();
      }
    }),
  );
}
