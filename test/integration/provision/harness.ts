import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TableClient } from "@azure/data-tables";
import { ServiceBusClient, type ServiceBusReceiver } from "@azure/service-bus";
import type { CloudEvent } from "cloudevents";
import { type ArmSandbox, type ArmSandboxOptions, startArmSandbox } from "../../../sandbox/arm/index.js";
import { type AzuriteSandbox, startAzurite } from "../../../sandbox/azurite/index.js";
import { type ServiceBusSandbox, startServiceBusSandbox } from "../../../sandbox/servicebus/index.js";
import { type ClusterTable, clusterTableOn } from "../../../src/activities/clusterTable.js";
import type { AzureClients } from "../../../src/azure/clients.js";
import { parseClusterEvent } from "../../../src/events/index.js";
import { ArmProcess } from "../../helpers/armProcess.js";
import { BrokerProcess } from "../../helpers/brokerProcess.js";
import { type SpawnStandInOptions, type StandInProcess, spawnStandIn } from "../../helpers/spawnStandIn.js";
import { waitFor } from "../../helpers/waitFor.js";
import { clientsFor } from "../arm/fixtures.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const DEVHOST_MAIN = join(REPO, "sandbox/devhost/main.ts");

/** A received event: the CloudEvent and its Service Bus message id. */
export interface ReceivedEvent {
  requestId: string;
  messageId: string;
  /** The Service Bus message's correlationId. */
  correlationId: string;
  type: string;
  data: Record<string, unknown>;
  event: CloudEvent<unknown>;
}

/** Options of `startProvisioner`. */
export interface ProvisionerOptions {
  /** The simulated ARM's options; the `instant` profile unless said otherwise. */
  arm?: ArmSandboxOptions;
  /** App settings on top of the sandbox's (e.g. POLL_INTERVAL_SECONDS, PROVISION_TIMEOUT_MINUTES). */
  settings?: Record<string, string>;
  /**
   * Run the simulated ARM and/or the broker in child processes (journaled state dirs, fixed ports) so `crash` can
   * SIGKILL and restart them; by default both run in this process. An ARM process has no `prices` handle.
   */
  processes?: { arm?: boolean; broker?: boolean };
  /** Run the devhost with its invocation and app logs on, as an operator reads them (it runs `--quiet` otherwise). */
  appLogs?: boolean;
}

/** A part of the product `crash` can SIGKILL and start again. */
export type CrashablePart = "devhost" | "arm" | "broker";

/**
 * The whole product on one machine, as `npm start` wires it but built for tests: the simulated ARM and the
 * broker in this process, the devhost running the app's TypeScript sources in a child process (it must trust
 * the sandbox certificate from its start, and a crash test must be able to SIGKILL it), and a subscriber on
 * the events topic that collects everything published.
 */
export class Provisioner {
  devhost!: StandInProcess;
  readonly events: ReceivedEvent[] = [];
  private receiver?: ServiceBusReceiver;
  private client?: ServiceBusClient;

  private constructor(
    readonly stateDir: string,
    readonly arm: ArmSandbox,
    readonly broker: ServiceBusSandbox,
    /** In-memory storage: the cluster registry table every provisioning writes. */
    readonly azurite: AzuriteSandbox,
    private readonly settings: Record<string, string>,
    private readonly appLogs: boolean,
  ) {}

  static async start(options: ProvisionerOptions = {}): Promise<Provisioner> {
    const stateDir = mkdtempSync(join(tmpdir(), "provisioner-"));
    const arm = options.processes?.arm
      ? await ArmProcess.spawn({ certDir: stateDir, ...options.arm, stateDir: join(stateDir, "arm") })
      : await startArmSandbox({ stateDir: join(stateDir, "arm"), certDir: stateDir, ...options.arm });
    const broker = options.processes?.broker
      ? await BrokerProcess.spawn(join(stateDir, "servicebus"))
      : await startServiceBusSandbox({ certDir: stateDir });
    const azurite = await startAzurite();
    const settings = {
      ...exampleSettings(),
      ...azurite.env,
      ...arm.env,
      ...broker.env,
      POLL_INTERVAL_SECONDS: "0.05",
      PROVISION_TIMEOUT_MINUTES: "5",
      ...options.settings,
    };
    const p = new Provisioner(stateDir, arm, broker, azurite, settings, options.appLogs === true);
    await p.startDevhost();
    p.subscribe();
    return p;
  }

  get url(): string {
    return this.devhost.env.DEVHOST_URL as string;
  }

  get key(): string {
    return this.devhost.env.DEVHOST_KEY as string;
  }

  /** Starts (or restarts, on the same state) the devhost with the app's TypeScript sources. */
  async startDevhost(extra: Partial<SpawnStandInOptions> = {}): Promise<void> {
    const args = [
      "--port",
      "0",
      "--state-dir",
      join(this.stateDir, "devhost"),
      ...(this.appLogs ? [] : ["--quiet"]),
      "--main",
      "src/functions/*.ts",
      REPO,
    ];
    this.devhost = await spawnStandIn(DEVHOST_MAIN, args, {
      keys: ["DEVHOST_URL", "DEVHOST_KEY"],
      env: { ...process.env, ...this.settings },
      cwd: REPO,
      // Several sandboxes start side by side in the reliability suite: on a loaded 2-core box one start took 18 s.
      timeoutMs: 90_000,
      ...extra,
    });
  }

  /**
   * SIGKILLs one part, leaves it down for `downMs`, and starts it again on the same state (and port): a crash and
   * the restart a supervisor would do. ARM and the broker must run as `processes`.
   */
  async crash(part: CrashablePart, downMs = 0): Promise<void> {
    const standIn = part === "arm" ? this.arm : part === "broker" ? this.broker : undefined;
    const child = standIn instanceof ArmProcess || standIn instanceof BrokerProcess ? standIn : undefined;
    if (standIn && !child)
      throw new Error(`${part} runs in the test's process: start the Provisioner with processes: { ${part}: true }`);
    await (child ? child.kill() : this.devhost.kill("SIGKILL"));
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await (child ? child.start() : this.startDevhost());
  }

  private subscribe(): void {
    this.client = new ServiceBusClient(this.broker.connectionString);
    this.receiver = this.client.createReceiver("cluster-events", "audit", { receiveMode: "receiveAndDelete" });
    this.receiver.subscribe({
      processMessage: async (message) => {
        const event = parseClusterEvent(message.body);
        this.events.push({
          requestId: String(message.applicationProperties?.requestId ?? ""),
          messageId: String(message.messageId),
          correlationId: String(message.correlationId ?? ""),
          type: event.type,
          data: event.data as Record<string, unknown>,
          event,
        });
      },
      processError: async () => {},
    });
  }

  /** The app's own ARM clients on the sandbox (for setting up what a test provisions beside). */
  sdkClients(subscriptionId = this.arm.subscriptionId): AzureClients {
    return clientsFor(this.arm, undefined, {}, subscriptionId);
  }

  /** The cluster registry the app writes (the same table, read with the app's own module). */
  registry(): ClusterTable {
    const name = this.settings.CLUSTER_TABLE_NAME ?? "clusters";
    const client = TableClient.fromConnectionString(this.azurite.connectionString, name, {
      allowInsecureConnection: true,
    });
    return clusterTableOn(client);
  }

  /** Calls the API with the function key. */
  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/${path}`, {
      method,
      headers: {
        "x-functions-key": this.key,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
  }

  /** The status API's body for a request id. */
  async status(requestId: string): Promise<Record<string, unknown> & { state: string; steps: Step[] }> {
    const res = await this.api("GET", `clusters/${requestId}`);
    if (res.status !== 200) throw new Error(`status of ${requestId}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown> & { state: string; steps: Step[] };
  }

  /** Waits until the request's run has ended (any final state) and returns its status. */
  async finished(requestId: string, timeoutMs = 60_000) {
    let last: unknown;
    return waitFor(
      async () => {
        const s = await this.status(requestId).catch(() => undefined);
        last = s;
        return s && FINAL.includes(s.state) ? s : undefined;
      },
      { timeoutMs, intervalMs: 50, message: () => `request ${requestId} did not finish: ${JSON.stringify(last)}` },
    );
  }

  /** Events of one request, in the order received. */
  eventsOf(requestId: string): ReceivedEvent[] {
    return this.events.filter((e) => e.requestId === requestId);
  }

  async stop(): Promise<void> {
    await this.devhost?.kill("SIGTERM");
    await this.receiver?.close();
    await this.client?.close();
    await this.broker.stop();
    await this.azurite.stop();
    await this.arm.stop();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

// The example settings (blank means unset), as `npm start` uses them; the sandbox's endpoints go over them.
function exampleSettings(): Record<string, string> {
  const values = JSON.parse(readFileSync(join(REPO, "local.settings.example.json"), "utf8")).Values as Record<
    string,
    string
  >;
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
}

/** One step as the status API shows it. */
export interface Step {
  id: string;
  state: string;
  attempts: number;
  resourceId?: string;
  lastSeen?: string;
  startedAt?: string;
  endedAt?: string;
  error?: { code: string; message: string };
}

// While a failed run rolls back its state stays `running`; it is finished once the state is final.
const FINAL = ["succeeded", "failed", "rolledBack"];
