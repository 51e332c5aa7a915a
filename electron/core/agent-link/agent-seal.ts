/**
 * Asks the instance's agent to seal the instance before it is imaged (POST /v1/seal over the agent link: pinned
 * certificate first, then the bearer token): the agent removes its secrets and per-launch files, answers what it
 * removed, kept and ran, and stops for good. Throws when there is no usable answer, with a message that says why:
 * a certificate that is not the pinned one (`CertificateMismatchError`, before the token is sent), a refused token,
 * an agent too old to seal, the agent's own refusal (the install still running, a config that cannot seal), any
 * other status, or a malformed body.
 */
import { AGENT_API, AgentErrorBody, SealResponse, type SealRequest } from '../../../installer-agent/src/protocol';
import { agentPost, type PinnedCertificate } from './agent-http';

export interface SealThroughAgentOptions {
  /** Base URL of the agent, e.g. https://203.0.113.10:8443. */
  baseUrl: string;
  token: string;
  /** The certificate generated for this launch; required for https URLs. */
  pin?: PinnedCertificate;
  /** Leave the agent bundle and its Node runtime in the image, so launches from it skip the download. */
  keepAgent: boolean;
  /** Windows: generalize with sysprep (slow: minutes). */
  generalize?: boolean;
  signal: AbortSignal;
  post?: typeof agentPost;
}

/** cloud-init clean and EC2Launch's reset take seconds; the answer also waits for the file removals. */
const SEAL_TIMEOUT_MS = 5 * 60_000;
/** Sysprep can take a quarter of an hour and more on a large image. */
const GENERALIZE_TIMEOUT_MS = 45 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

/** POST /v1/seal: what the agent removed, kept and ran; once this returns the agent is stopping. */
export async function sealThroughAgent(options: SealThroughAgentOptions): Promise<SealResponse> {
  const post = options.post ?? agentPost;
  const generalize = options.generalize ?? false;
  const body: SealRequest = { keepAgent: options.keepAgent, generalize };
  const response = await post(`${options.baseUrl}${AGENT_API.seal}`, {
    headers: { authorization: `Bearer ${options.token}` },
    body,
    pin: options.pin,
    signal: options.signal,
    timeoutMs: generalize ? GENERALIZE_TIMEOUT_MS : SEAL_TIMEOUT_MS,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  if (response.status !== 200) throw new Error(refusalMessage(response.status, response.body));
  const parsed = SealResponse.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    throw new Error(`The agent's answer to POST ${AGENT_API.seal} is not a seal report: ${where}: ${issue?.message}`);
  }
  return parsed.data;
}

/** What a non-200 answer means for the person baking the image. Pure. */
function refusalMessage(status: number, body: unknown): string {
  const error = AgentErrorBody.safeParse(body);
  const detail = error.success ? error.data.error.message : 'no error message';
  switch (status) {
    case 401:
      return `The agent refused Kiln's token (HTTP 401): ${detail} The instance was not sealed.`;
    case 404:
      return (
        `This agent is too old to seal (it has no POST ${AGENT_API.seal}); the instance was not sealed. ` +
        'Launch it again with this version of Kiln to bake a sealed image, or image it unsealed.'
      );
    case 409:
      return `The agent did not seal the instance: ${detail}`;
    default:
      return `The agent answered HTTP ${status} to POST ${AGENT_API.seal}: ${detail}`;
  }
}
