import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ArmControlClient, type ArmSandbox, type ArmSandboxOptions } from "../../sandbox/arm/index.js";
import { CallLog, type CallRecord, type CallSummary } from "../../sandbox/arm/policies/callLog.js";
import type { RetailPricesApi } from "../../sandbox/prices/index.js";
import { restartablePort } from "./ports.js";
import { type StandInProcess, spawnStandIn } from "./spawnStandIn.js";

const ENTRY = fileURLToPath(new URL("./armProcessMain.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../..", import.meta.url));

// Everything `ArmSandbox.env` holds, as the child prints it.
const ENV_KEYS = [
  "ARM_ENDPOINT",
  "RETAIL_PRICES_ENDPOINT",
  "AZURE_SUBSCRIPTION_ID",
  "AZURE_TENANT_ID",
  "NODE_EXTRA_CA_CERTS",
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "MSI_ENDPOINT",
  "MSI_SECRET",
];

/** Options of `ArmProcess.spawn`: the sandbox's own, with a state dir it must have (a restart resumes from it). */
export type ArmProcessOptions = Omit<ArmSandboxOptions, "port" | "stateDir"> & { stateDir: string };

/** The control API with a call log that spans restarts: read from the file every ARM process appended to. */
class LastingCallsControl extends ArmControlClient {
  constructor(
    url: string,
    ca: string,
    private readonly file: string,
  ) {
    super(url, ca);
  }

  override async calls(): Promise<{ summary: CallSummary; value: CallRecord[] }> {
    const log = new CallLog(Number.POSITIVE_INFINITY);
    for (const call of readCallLog(this.file)) log.record(call);
    return { summary: log.summary(), value: log.list() };
  }

  override async clearCalls(): Promise<unknown> {
    rmSync(this.file, { force: true });
    return super.clearCalls();
  }
}

/** Every call the ARM processes logged, in order; a line torn by a kill is dropped. */
function readCallLog(file: string): CallRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as CallRecord] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The simulated ARM in a child process that a test can SIGKILL and start again on the same port and state dir
 * (operations in flight name the port). It is an `ArmSandbox` to whoever holds it, except `prices`, which lives in
 * the child; `control.calls()` answers from a file every incarnation appended to, so it spans restarts.
 */
export class ArmProcess implements ArmSandbox {
  private process!: StandInProcess;
  env: Record<string, string> = {};
  url = "";
  subscriptionId = "";
  tenantId = "";
  certPath = "";
  ca = "";
  control!: ArmControlClient;
  startupMs = 0;
  /** How many times it was started (1 after `spawnArm`). */
  starts = 0;

  private constructor(
    readonly port: number,
    private readonly options: ArmProcessOptions,
  ) {}

  get stateDir(): string {
    return this.options.stateDir;
  }

  get prices(): RetailPricesApi {
    throw new Error("the Retail Prices stand-in runs inside the ARM child process: use an in-process ARM for it");
  }

  /** Starts the ARM process on a free port. */
  static async spawn(options: ArmProcessOptions): Promise<ArmProcess> {
    const arm = new ArmProcess(await restartablePort(), options);
    await arm.start();
    return arm;
  }

  /** Starts it (again), on the same port and state dir; resolves once it listens. */
  async start(): Promise<void> {
    const started = performance.now();
    const options = JSON.stringify({ ...this.options, port: this.port });
    this.process = await spawnStandIn(ENTRY, [options, join(this.options.stateDir, "calls.jsonl")], {
      keys: ENV_KEYS,
      cwd: REPO,
    });
    this.startupMs = Math.round(performance.now() - started);
    this.starts++;
    // A test process that exits (or is force-exited after a failure) takes its child with it.
    if (this.starts === 1) process.once("exit", () => this.process.child.kill("SIGKILL"));
    this.env = { ...this.process.env };
    this.url = this.process.env.ARM_ENDPOINT as string;
    this.subscriptionId = this.process.env.AZURE_SUBSCRIPTION_ID as string;
    this.tenantId = this.process.env.AZURE_TENANT_ID as string;
    this.certPath = this.process.env.NODE_EXTRA_CA_CERTS as string;
    this.ca = readFileSync(this.certPath, "utf8");
    this.control = new LastingCallsControl(this.url, this.ca, join(this.options.stateDir, "calls.jsonl"));
  }

  /** SIGKILLs it: what its journal holds is all that survives. */
  async kill(): Promise<void> {
    await this.process.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    await this.process?.kill("SIGTERM");
  }

  async reset(): Promise<void> {
    await this.control.reset();
  }
}
