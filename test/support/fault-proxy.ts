/**
 * A TCP proxy on loopback that misbehaves on purpose: it delays every chunk in both directions and resets some
 * connections part-way through the answer, deterministically (seeded), so link recovery is tested repeatably.
 */
import net from 'node:net';

export interface FaultProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** Every Nth connection is reset after `resetAfterBytes` bytes of the answer (0 = never). */
  resetEvery: number;
  resetAfterBytes: number;
  maxDelayMs: number;
  seed?: number;
}

export interface FaultProxy {
  port: number;
  connections: number;
  resets: number;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let seed = options.seed ?? 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const sockets = new Set<net.Socket>();
  const state = { port: 0, connections: 0, resets: 0 };

  const server = net.createServer((client) => {
    const index = ++state.connections;
    const upstream = net.connect(options.targetPort, options.targetHost ?? '127.0.0.1');
    sockets.add(client).add(upstream);
    const reset = options.resetEvery > 0 && index % options.resetEvery === 0;
    let answered = 0;
    // Delays keep byte order: a chunk never overtakes the one before it in the same direction.
    const delayed = (to: net.Socket) => {
      let lastDue = 0;
      return (chunk: Buffer) => {
        const due = Math.max(lastDue, Date.now() + Math.floor(random() * options.maxDelayMs));
        lastDue = due;
        setTimeout(() => !to.destroyed && to.write(chunk), due - Date.now());
      };
    };
    const toClient = delayed(client);
    client.on('data', delayed(upstream));
    upstream.on('data', (chunk: Buffer) => {
      answered += chunk.length;
      if (reset && answered > options.resetAfterBytes) {
        state.resets += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      toClient(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', () => setTimeout(end, options.maxDelayMs + 5));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
