import { once } from "node:events";
import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago (for processes that must be told their port). */
export async function freePort(): Promise<number> {
  const port = await listenedOn(0);
  if (port === undefined) throw new Error("the kernel gave no free port");
  return port;
}

/**
 * A free port below the kernel's ephemeral range, for a stand-in that is killed and started again on the same port.
 * An ephemeral port is free only until some connection takes it as its source port: while its owner is down, a
 * client retrying against it can even connect to itself (TCP simultaneous open). The restart then fails with
 * EADDRINUSE, as a crash test on a CI machine once did.
 */
export async function restartablePort(): Promise<number> {
  const low = ephemeralLow();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low - 1 - Math.floor(Math.random() * Math.min(10_000, low - 1025));
    if ((await listenedOn(port)) !== undefined) return port;
  }
  throw new Error(`no free port below ${low} after 50 tries`);
}

/** The first port of the kernel's ephemeral range (Linux; 32768 elsewhere). */
export function ephemeralLow(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Listens on `port` (0: any) at 127.0.0.1 and closes again: the port it got, or undefined if it was taken. */
async function listenedOn(port: number): Promise<number | undefined> {
  const server = createServer();
  try {
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return (server.address() as { port: number }).port;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return undefined;
    throw error;
  } finally {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
}

/** Whether something accepts connections on `port` at 127.0.0.1. */
export async function isListening(port: number): Promise<boolean> {
  const socket = connect(port, "127.0.0.1");
  try {
    await once(socket, "connect");
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}
