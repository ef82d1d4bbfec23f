// The flags of `npm start`, parsed with commander; a bad value is one clear line and exit code 2.
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { LatencyProfileName } from "../arm/index.js";

export interface StartOptions {
  /** The Functions host (the API); 0 = a free port. */
  port: number;
  armPort: number;
  servicebusPort: number;
  stateDir: string;
  profile: LatencyProfileName;
  /** Discard the sandbox state before starting. */
  fresh: boolean;
  /** Skip `tsc` and run the last build in dist/. */
  build: boolean;
}

const PROFILES: LatencyProfileName[] = ["instant", "fast", "realistic"];

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError("must be a port 0–65535 (0 = a free port)");
  return n;
}

/** Parses `argv` (without node and the script); prints help or the problem and exits itself when it must. */
export function parseStartOptions(argv: string[], appDir: string, name = "npm start --"): StartOptions {
  const program = new Command(name)
    .description("Run aks-provisioner locally: Azurite, the simulated ARM, the Service Bus broker and the app.")
    .addOption(
      new Option("--port <port>", "the API (Functions host) port; 0 = a free port").default(7071).argParser(port),
    )
    .addOption(new Option("--arm-port <port>", "the simulated ARM's HTTPS port").default(8443).argParser(port))
    .addOption(
      new Option("--servicebus-port <port>", "the Service Bus broker's AMQP port").default(5672).argParser(port),
    )
    .option("--state-dir <dir>", "where every stand-in journals its state", ".state")
    .addOption(new Option("--profile <name>", "ARM latency profile").choices(PROFILES).default("fast"))
    .option("--fresh", "discard the sandbox state before starting", false)
    .option("--no-build", "run the last build in dist/ instead of compiling first")
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    const code = (error as { code?: string }).code;
    process.exit(code === "commander.helpDisplayed" || code === "commander.version" ? 0 : 2);
  }
  const o = program.opts<StartOptions>();
  return { ...o, stateDir: resolve(appDir, o.stateDir) };
}
