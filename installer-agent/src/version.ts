/** The agent's version, reported by `GET /v1/health` and `kiln-agent --version`. */
export const AGENT_VERSION = '0.1.0';
