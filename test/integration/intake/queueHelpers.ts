import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import type { DevhostFaultSettings } from "../../../sandbox/devhost/faults.js";
import { waitFor } from "../../helpers/waitFor.js";
import type { Provisioner, ReceivedEvent } from "../provision/harness.js";

/** The request queue, as sandbox/servicebus/config.json and local.settings.example.json name it. */
export const REQUESTS_QUEUE = "cluster-requests";

/** A Service Bus integration's side of the queue: sends requests, reads what is left and what was dead-lettered. */
export class QueueClient {
  private readonly client: ServiceBusClient;
  private readonly sender;

  constructor(p: Provisioner) {
    this.client = new ServiceBusClient(p.broker.connectionString);
    this.sender = this.client.createSender(REQUESTS_QUEUE);
  }

  /** Sends one message (a fresh messageId unless given); returns its ids. */
  async send(
    body: unknown,
    ids: { messageId?: string; correlationId?: string } = {},
  ): Promise<{ messageId: string; correlationId?: string }> {
    const messageId = ids.messageId ?? randomUUID();
    await this.sender.sendMessages({
      body,
      messageId,
      contentType: typeof body === "string" ? "text/plain" : "application/json",
      ...(ids.correlationId ? { correlationId: ids.correlationId } : {}),
    });
    return { messageId, ...(ids.correlationId ? { correlationId: ids.correlationId } : {}) };
  }

  /** Messages still on the queue (peeked: locked ones included). */
  async waiting(): Promise<ServiceBusReceivedMessage[]> {
    const receiver = this.client.createReceiver(REQUESTS_QUEUE);
    try {
      return await receiver.peekMessages(100);
    } finally {
      await receiver.close();
    }
  }

  /** Messages in the queue's dead-letter queue (peeked). */
  async deadLettered(): Promise<ServiceBusReceivedMessage[]> {
    const receiver = this.client.createReceiver(REQUESTS_QUEUE, { subQueueType: "deadLetter" });
    try {
      return await receiver.peekMessages(100);
    } finally {
      await receiver.close();
    }
  }

  async close(): Promise<void> {
    await this.sender.close();
    await this.client.close();
  }
}

/** Sets the devhost's test faults (`POST /admin/faults` with the master key from its keys file). */
export async function setDevhostFaults(p: Provisioner, faults: DevhostFaultSettings): Promise<void> {
  const keys = JSON.parse(readFileSync(join(p.stateDir, "devhost", "keys.json"), "utf8")) as { masterKey: string };
  const res = await fetch(`${p.url}/admin/faults`, {
    method: "POST",
    headers: { "x-functions-key": keys.masterKey, "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (res.status !== 200) throw new Error(`faults: HTTP ${res.status} ${await res.text()}`);
}

/** Events carrying a correlation id (a queued request's), in the order received. */
export function eventsCorrelated(p: Provisioner, correlationId: string): ReceivedEvent[] {
  return p.events.filter((e) => e.correlationId === correlationId);
}

/** Waits until an event of `type` with the correlation id has arrived, and returns it. */
export async function eventFor(
  p: Provisioner,
  correlationId: string,
  type: string,
  timeoutMs = 60_000,
): Promise<ReceivedEvent> {
  return waitFor(() => eventsCorrelated(p, correlationId).find((e) => e.type === type), {
    timeoutMs,
    intervalMs: 50,
    message: () =>
      `no ${type} for ${correlationId}; got ${JSON.stringify(eventsCorrelated(p, correlationId).map((e) => e.type))}`,
  });
}

/** The Durable instances whose id starts with `prefix` (the devhost's Durable API, as a status page reads it). */
export async function instancesWithPrefix(p: Provisioner, prefix: string): Promise<{ instanceId: string }[]> {
  const res = await fetch(
    `${p.url}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=${encodeURIComponent(prefix)}&showInput=false`,
  );
  return (await res.json()) as { instanceId: string }[];
}

/** The devhost's test faults as they are now. */
export async function devhostFaults(p: Provisioner): Promise<DevhostFaultSettings> {
  const keys = JSON.parse(readFileSync(join(p.stateDir, "devhost", "keys.json"), "utf8")) as { masterKey: string };
  const res = await fetch(`${p.url}/admin/faults`, { headers: { "x-functions-key": keys.masterKey } });
  return (await res.json()) as DevhostFaultSettings;
}
