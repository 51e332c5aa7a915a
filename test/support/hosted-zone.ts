/** A public hosted zone in moto's Route 53, for the tests whose launches and fleets get DNS names. */
import { CreateHostedZoneCommand, type Route53Client } from '@aws-sdk/client-route-53';

/** Creates the zone and returns its id as Kiln and the tests use it (without moto's `/hostedzone/` prefix). */
export async function createHostedZone(route53: Route53Client, name: string, callerReference: string): Promise<string> {
  const zone = await route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: callerReference }));
  return zone.HostedZone!.Id!.replace('/hostedzone/', '');
}
