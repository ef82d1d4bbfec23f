import { fileURLToPath } from "node:url";
import type { Clock } from "../shared/clock.js";
import { Journal } from "../shared/journal.js";
import type { SandboxServer } from "../shared/server.js";
import type { StandInStateOptions } from "../shared/stateOptions.js";
import { loadOrCreateCertificate } from "../shared/tls.js";
import { type AmqpListener, listenAmqp } from "./amqp/amqpListener.js";
import { DEFAULT_MAX_MESSAGE_SIZE_BYTES, DEFAULT_STALE_DELIVERY_GRACE_MS } from "./amqp/entityLinks.js";
import { withApplicationProperties } from "./amqp/messageCodec.js";
import { filterViewOfBare } from "./amqp/toNewMessage.js";
import { loadEntities } from "./entityConfig.js";
import { BrokerStore } from "./store/brokerStore.js";
import type { JournalRecord } from "./store/journalRecord.js";
import { MemoryJournal, type RecordLog } from "./store/memoryJournal.js";

/**
 * Options of the Service Bus sandbox; all optional. `stateDir` holds the journal (and the certificate unless
 * `certDir` says otherwise); omitted means memory only, with no TLS unless `certDir`. `fsync` defaults to "always"
 * (each group commit is fsynced before a send or settlement is acknowledged), `compactAfterBytes` to 64 MiB.
 */
export interface ServiceBusSandboxOptions extends StandInStateOptions {
  /** Plain AMQP port (emulator connection string); 0 picks a free one. Defaults to 0. */
  port?: number;
  /** AMQPS port for clients that insist on TLS (.NET, Python, Java); 0 picks a free one; null disables. Defaults to 0. */
  tlsPort?: number | null;
  /** Where the TLS certificate lives when there is no stateDir. Defaults to stateDir. */
  certDir?: string;
  /** Entities in the emulator's Config.json shape: a path or the parsed object. Defaults to `config.json` here. */
  config?: string | object;
  /** Advertised max-message-size. Defaults to 262 144 (Standard tier). */
  maxMessageSizeBytes?: number;
  /** How long a delivery may stay unsettled after its lock is gone before the broker settles it (frees its session slot). Defaults to 60 000 ms. */
  staleDeliveryGraceMs?: number;
  /** How often expired messages are swept. Defaults to 1000 ms. */
  sweepIntervalMs?: number;
  /** Require SAS tokens signed with this key; omitted accepts any token, as the emulator does. */
  sasKey?: string;
  /** Broker time (lock expiry, scheduled delivery, TTL); tests pass a frozen `AdjustableClock`. Defaults to the wall clock. */
  clock?: Clock;
}

/** The running broker, with the connection string the app uses as `ServiceBusConnection`. */
export interface ServiceBusSandbox extends SandboxServer {
  connectionString: string;
  /** PEM certificate of the AMQPS listener (for NODE_EXTRA_CA_CERTS or other clients' trust stores). */
  certPath?: string;
  port: number;
  tlsPort?: number;
}

/** The emulator's well-known key; any key is accepted unless `sasKey` is set. */
export const EMULATOR_SAS_KEY = "SAS_KEY_VALUE";

/** The project's entities: request queue and events topic with its subscriptions. */
export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("./config.json", import.meta.url));

/** Starts the Service Bus–compatible broker; resolves once it listens. */
export async function startServiceBusSandbox(options: ServiceBusSandboxOptions = {}): Promise<ServiceBusSandbox> {
  const entities = loadEntities(options.config ?? DEFAULT_CONFIG_PATH);
  let journal: RecordLog = new MemoryJournal();
  let records: Parameters<BrokerStore["replay"]>[0] = [];
  if (options.stateDir) {
    const opened = Journal.open<JournalRecord>(options.stateDir, {
      ...(options.fsync ? { fsync: options.fsync } : {}),
      ...(options.compactAfterBytes ? { compactAfterBytes: options.compactAfterBytes } : {}),
    });
    journal = opened.journal;
    records = opened.records;
  }
  const store = new BrokerStore(
    entities,
    journal,
    { withApplicationProperties, filterViewOf: filterViewOfBare },
    {
      ...(options.sweepIntervalMs !== undefined ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
  );
  store.replay(records);
  const certDir = options.certDir ?? options.stateDir;
  const cert = options.tlsPort !== null && certDir ? await loadOrCreateCertificate(certDir) : undefined;
  let listener: AmqpListener;
  try {
    listener = await listenAmqp(store, {
      port: options.port ?? 0,
      maxMessageSizeBytes: options.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE_BYTES,
      staleDeliveryGraceMs: options.staleDeliveryGraceMs ?? DEFAULT_STALE_DELIVERY_GRACE_MS,
      ...(cert ? { tls: { port: options.tlsPort ?? 0, cert: cert.cert, key: cert.key } } : {}),
      ...(options.sasKey ? { sasKey: options.sasKey } : {}),
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const sasKey = options.sasKey ?? EMULATOR_SAS_KEY;
  const connectionString = `Endpoint=sb://localhost:${listener.port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sasKey};UseDevelopmentEmulator=true;`;
  const env: Record<string, string> = {
    SERVICEBUS_CONNECTION_STRING: connectionString,
    ServiceBusConnection: connectionString,
  };
  if (cert) env.SERVICEBUS_CA_CERT = cert.certPath;
  if (listener.tlsPort !== undefined) env.SERVICEBUS_AMQPS_PORT = String(listener.tlsPort);
  let stopped: Promise<void> | undefined;
  return {
    url: `amqp://localhost:${listener.port}`,
    connectionString,
    ...(cert ? { certPath: cert.certPath } : {}),
    port: listener.port,
    ...(listener.tlsPort !== undefined ? { tlsPort: listener.tlsPort } : {}),
    env,
    stop() {
      stopped ??= listener.close().then(() => store.close());
      return stopped;
    },
    async reset() {
      store.reset();
    },
  };
}
