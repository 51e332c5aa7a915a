/**
 * Asks the instance's agent for sshd's public host keys over the agent link (pinned certificate, then the bearer
 * token), so an SSH connection can check the host key against them instead of trusting the first key it sees.
 * Throws when there is no usable answer: a certificate that is not the pinned one (`CertificateMismatchError`,
 * before the token is sent), an agent too old to have the route, any other HTTP status, or a malformed body.
 */
import { AGENT_API, AgentErrorBody, HostKeysResponse } from '../../../installer-agent/src/protocol';
import { agentGet, type PinnedCertificate } from './agent-http';

export interface AgentHostKeysOptions {
  /** Base URL of the agent, e.g. https://203.0.113.10:8443. */
  baseUrl: string;
  token: string;
  /** The certificate generated for this launch; required for https URLs. */
  pin?: PinnedCertificate;
  signal: AbortSignal;
  get?: typeof agentGet;
}

const TIMEOUT_MS = 15_000;
/** A few keys of at most 16 KiB each; anything near this is not a host key list. */
const MAX_BODY_BYTES = 1024 * 1024;

/** GET /v1/host-keys: the keys the agent could read and the files it could not use, both sorted by file name. */
export async function fetchAgentHostKeys(options: AgentHostKeysOptions): Promise<HostKeysResponse> {
  const get = options.get ?? agentGet;
  const response = await get(`${options.baseUrl}${AGENT_API.hostKeys}`, {
    headers: { authorization: `Bearer ${options.token}` },
    pin: options.pin,
    signal: options.signal,
    timeoutMs: TIMEOUT_MS,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  if (response.status === 404) {
    throw new Error(
      `The agent is too old to report SSH host keys (it has no GET ${AGENT_API.hostKeys}). ` +
        'Launch the instance again with this version of Kiln to verify its host key.',
    );
  }
  if (response.status !== 200) {
    const body = AgentErrorBody.safeParse(response.body);
    const detail = body.success ? body.data.error.message : 'no error message';
    throw new Error(`The agent answered HTTP ${response.status} to GET ${AGENT_API.hostKeys}: ${detail}`);
  }
  const parsed = HostKeysResponse.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    const what = `The agent's answer to GET ${AGENT_API.hostKeys} is not a host key list`;
    throw new Error(`${what}: ${where}: ${issue?.message}`);
  }
  return parsed.data;
}
