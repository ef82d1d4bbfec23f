import { fileURLToPath } from "node:url";
import type { ServiceBusSandbox } from "../../sandbox/servicebus/index.js";
import { restartablePort } from "./ports.js";
import { type StandInProcess, spawnStandIn } from "./spawnStandIn.js";

const ENTRY = fileURLToPath(new URL("../../sandbox/servicebus/main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The Service Bus broker in a child process (its own CLI, journal fsynced before every acknowledgement) that a test
 * can SIGKILL and start again on the same port and state dir: the app's connection string keeps working, and what
 * the broker acknowledged before the kill is still there after it. Plain AMQP only (the app's emulator string).
 */
export class BrokerProcess implements ServiceBusSandbox {
  private process!: StandInProcess;
  env: Record<string, string> = {};
  connectionString = "";
  /** How many times it was started (1 after `spawn`). */
  starts = 0;

  private constructor(
    readonly port: number,
    private readonly stateDir: string,
  ) {}

  get url(): string {
    return `amqp://localhost:${this.port}`;
  }

  /** Starts the broker on a free port with its journal in `stateDir`. */
  static async spawn(stateDir: string): Promise<BrokerProcess> {
    const broker = new BrokerProcess(await restartablePort(), stateDir);
    await broker.start();
    return broker;
  }

  /** Starts it (again) on the same port and state dir; resolves once it listens. */
  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--tls-port", "none", "--state-dir", this.stateDir];
    this.process = await spawnStandIn(ENTRY, args, {
      keys: ["SERVICEBUS_CONNECTION_STRING", "ServiceBusConnection"],
      cwd: REPO,
    });
    this.starts++;
    // A test process that exits (or is force-exited after a failure) takes its child with it.
    if (this.starts === 1) process.once("exit", () => this.process.child.kill("SIGKILL"));
    this.env = { ...this.process.env };
    this.connectionString = this.process.env.SERVICEBUS_CONNECTION_STRING as string;
  }

  /** SIGKILLs it: what its journal holds is all that survives. */
  async kill(): Promise<void> {
    await this.process.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    await this.process?.kill("SIGTERM");
  }

  async reset(): Promise<void> {
    throw new Error("a broker process is reset by starting it on a fresh state dir");
  }
}
