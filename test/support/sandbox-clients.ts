/** AWS SDK clients of any service straight to a sandbox's moto, made in one place and destroyed together. */
import { SANDBOX_CREDENTIALS } from '../../electron/core/sandbox/address';

/** What an SDK client needs to reach the sandbox's moto. */
export interface SandboxClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The part of an AWS SDK client that cleaning it up needs. */
interface SdkClient {
  destroy(): void;
}

export interface SandboxClients {
  /** A client of `Client`'s service in `region` (default us-east-1), with the sandbox's credentials. */
  client<T extends SdkClient>(Client: new (config: SandboxClientConfig) => T, region?: string): T;
  /** Destroys every client made so far. */
  destroy(): void;
}

export function sandboxClients(endpoint: string): SandboxClients {
  const made: SdkClient[] = [];
  return {
    client(Client, region = 'us-east-1') {
      const client = new Client({ region, endpoint, credentials: { ...SANDBOX_CREDENTIALS } });
      made.push(client);
      return client;
    },
    destroy() {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}
