import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServiceBusClient } from "@azure/service-bus";
import {
  type ServiceBusSandbox,
  type ServiceBusSandboxOptions,
  startServiceBusSandbox,
} from "../../../sandbox/servicebus/index.js";

type Props = Record<string, unknown>;

/** A Config.json (emulator shape) with queues and topics named by the test. */
export function aConfig(entities: {
  queues?: Record<string, Props>;
  topics?: Record<
    string,
    { properties?: Props; subscriptions: Record<string, { properties?: Props; rules?: Props[] }> }
  >;
}): object {
  return {
    UserConfig: {
      Namespaces: [
        {
          Name: "sbemulatorns",
          Queues: Object.entries(entities.queues ?? {}).map(([Name, Properties]) => ({ Name, Properties })),
          Topics: Object.entries(entities.topics ?? {}).map(([Name, t]) => ({
            Name,
            Properties: t.properties ?? {},
            Subscriptions: Object.entries(t.subscriptions).map(([SubName, s]) => ({
              Name: SubName,
              Properties: s.properties ?? {},
              Rules: s.rules ?? [],
            })),
          })),
        },
      ],
    },
  };
}

/** A broker on an ephemeral port with a fresh state dir, and an SDK client on it; `close()` undoes both. */
export interface TestBroker {
  sandbox: ServiceBusSandbox;
  client: ServiceBusClient;
  stateDir: string;
  /** Another client on its own connection (interleaving tests). */
  newClient(): ServiceBusClient;
  close(): Promise<void>;
}

/** Starts a broker for one test. */
export async function startTestBroker(config: object, options: ServiceBusSandboxOptions = {}): Promise<TestBroker> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), "sb-test-"));
  const sandbox = await startServiceBusSandbox({ tlsPort: null, sweepIntervalMs: 100, ...options, stateDir, config });
  const clients: ServiceBusClient[] = [];
  const newClient = () => {
    // Few retries, short delays: a failing test should fail fast rather than sit in the SDK's back-off.
    const c = new ServiceBusClient(sandbox.connectionString, {
      retryOptions: { maxRetries: 1, retryDelayInMs: 100, timeoutInMs: 10_000 },
    });
    clients.push(c);
    return c;
  };
  const client = newClient();
  return {
    sandbox,
    client,
    stateDir,
    newClient,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sandbox.stop();
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
