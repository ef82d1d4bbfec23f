import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Server, type Socket } from "node:net";

/** A port that speaks HTTPS and plain HTTP, told apart by the first byte (0x16 opens a TLS handshake). */
export interface DualListener {
  port: number;
  close(): Promise<void>;
}

const TLS_HANDSHAKE = 0x16;

/**
 * Listens on one port for both protocols: ARM and the Kubernetes API need TLS (bearer tokens are
 * refused over http), while the managed-identity endpoint is plain http on loopback as on App
 * Service — and must be, since MSAL's own HTTP client cannot be told to trust a custom CA in-process.
 */
export async function listenDual(
  options: { port: number; host: string; cert: string; key: string },
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<DualListener> {
  const https = createHttpsServer({ cert: options.cert, key: options.key }, handler);
  const http = createHttpServer(handler);
  https.keepAliveTimeout = http.keepAliveTimeout = 5000;
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : http).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        https.close();
        http.close();
        server.close(() => resolve());
      }),
  };
}
