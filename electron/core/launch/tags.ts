/** Tags Kiln puts on everything it creates, so it can be found, tracked and cleaned up. */
export const KILN_LAUNCH_ID_TAG = 'kiln:launch-id';
export const KILN_CREATED_BY_TAG = 'kiln:created-by';
export const KILN_CREATED_BY_VALUE = 'kiln';
/** On instances: the agent port, so an imported launch knows where its agent listens. */
export const KILN_AGENT_PORT_TAG = 'kiln:agent-port';

export function launchTags(
  launchId: string,
  name: string,
  extra: Record<string, string> = {},
): Array<{ Key: string; Value: string }> {
  return [
    { Key: KILN_LAUNCH_ID_TAG, Value: launchId },
    { Key: KILN_CREATED_BY_TAG, Value: KILN_CREATED_BY_VALUE },
    { Key: 'Name', Value: name },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];
}
