import type { Server } from "node:net";
import rhea, { type Connection, type EventContext, type Receiver, type Sender } from "rhea";
import type { BrokerStore } from "../store/brokerStore.js";
import { parseAddress } from "./address.js";
import { type CbsOptions, openCbsReceiver } from "./cbs.js";
import { openEntityReceiver, openEntitySender } from "./entityLinks.js";
import { openManagementReceiver } from "./management.js";
import { checkRheaVersion, mirrorTermini, rememberRawBytes } from "./rheaInternals.js";

/** Options of the AMQP front end. */
export interface AmqpListenerOptions extends CbsOptions {
  /** Plain AMQP port (emulator-mode clients); 0 picks a free one. */
  port: number;
  /** AMQPS port; omitted means no TLS listener. */
  tls?: { port: number; cert: string; key: string };
  /** Advertised max-message-size in bytes. */
  maxMessageSizeBytes: number;
  /** How long an unsettled delivery may outlive its lock before the broker settles it. */
  staleDeliveryGraceMs: number;
  /** Interface to listen on. Defaults to "::" (dual-stack: Node may try ::1 first for localhost). */
  host?: string;
}

/** The listening AMQP front end. */
export interface AmqpListener {
  port: number;
  tlsPort?: number;
  close(): Promise<void>;
}

/**
 * Listens for AMQP 1.0 and routes each link to its node: `$cbs`, `<entity>/$management`, or an
 * entity (queue, topic, subscription, dead-letter queue). Order of handling: SASL (ANONYMOUS or
 * MSSBCBS), then link attach → node by address, then per-node handlers.
 */
export async function listenAmqp(store: BrokerStore, options: AmqpListenerOptions): Promise<AmqpListener> {
  checkRheaVersion();
  rememberRawBytes();
  const container = rhea.create_container({ id: "sandbox-servicebus" });
  container.sasl_server_mechanisms.enable_anonymous();
  // .NET and Python clients require MSSBCBS: an empty SASL exchange, the token comes via $cbs (docs/specs/servicebus-amqp.md §1).
  container.sasl_server_mechanisms.MSSBCBS = () => ({
    outcome: undefined as boolean | undefined,
    start() {
      this.outcome = true;
    },
  });
  const connections = new Set<Connection>();
  const detachers = new WeakMap<Sender, () => void>();
  const byConnection = new Map<Connection, Set<() => void>>();

  container.on("connection_open", (ctx: EventContext) => {
    connections.add(ctx.connection);
  });
  const forget = (ctx: EventContext) => {
    connections.delete(ctx.connection);
    for (const detach of byConnection.get(ctx.connection) ?? []) detach();
    byConnection.delete(ctx.connection);
  };
  container.on("disconnected", forget);
  container.on("connection_close", forget);
  container.on("connection_error", () => {});
  container.on("error", () => {});

  // Every attach is answered with the client's own termini (mirrored once here), then routed by address.
  container.on("receiver_open", (ctx: EventContext) => {
    const link = ctx.receiver as Receiver;
    mirrorTermini(link);
    const address = parseAddress(link.target?.address ?? "");
    if (address.node === "cbs") return openCbsReceiver(link, options);
    if (address.node === "management") return openManagementReceiver(store, link, address.entityPath);
    openEntityReceiver(store, link, address.entityPath, options.maxMessageSizeBytes);
  });
  container.on("sender_open", (ctx: EventContext) => {
    const link = ctx.sender as Sender;
    mirrorTermini(link);
    const address = parseAddress(link.source?.address ?? "");
    // Reply links of $cbs and $management: nothing to pump, replies are sent on them directly.
    if (address.node !== "entity") return;
    const detach = openEntitySender(store, link, address.entityPath, options.staleDeliveryGraceMs);
    if (!detach) return;
    detachers.set(link, detach);
    const set = byConnection.get(ctx.connection) ?? new Set<() => void>();
    byConnection.set(ctx.connection, set);
    set.add(detach);
  });
  const closeSender = (ctx: EventContext) => {
    const link = ctx.sender as Sender | undefined;
    const detach = link && detachers.get(link);
    if (detach) {
      detach();
      byConnection.get(ctx.connection)?.delete(detach);
    }
  };
  container.on("sender_close", closeSender);
  container.on("sender_error", closeSender);

  const linkOptions = {
    host: options.host ?? "::",
    sender_options: { autosettle: false, treat_modified_as_released: false },
    receiver_options: { autoaccept: false, credit_window: 1000 },
  };
  const servers: Server[] = [];
  const listenOn = async (host: string, extra: Record<string, unknown>): Promise<number> => {
    const server = container.listen({ ...linkOptions, host, ...extra } as never) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    servers.push(server);
    const address = server.address();
    return typeof address === "object" && address ? address.port : 0;
  };
  const listen = (extra: Record<string, unknown>): Promise<number> =>
    listenOn(linkOptions.host, extra).catch((e: NodeJS.ErrnoException) => {
      // Hosts without IPv6 cannot bind "::"; fall back to IPv4 only.
      if (options.host === undefined && (e.code === "EAFNOSUPPORT" || e.code === "EADDRNOTAVAIL")) {
        return listenOn("0.0.0.0", extra);
      }
      throw e;
    });
  let port: number;
  let tlsPort: number | undefined;
  try {
    port = await listen({ port: options.port });
    const tls = options.tls;
    tlsPort = tls ? await listen({ port: tls.port, transport: "tls", cert: tls.cert, key: tls.key }) : undefined;
  } catch (e) {
    // A port in use must not leave the other listener open behind the error.
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    throw e;
  }
  return {
    port,
    ...(tlsPort !== undefined ? { tlsPort } : {}),
    async close() {
      for (const c of connections) {
        try {
          c.close();
          (c as unknown as { socket?: { destroy(): void } }).socket?.destroy();
        } catch {
          // already gone
        }
      }
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
