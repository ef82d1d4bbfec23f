import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { SandboxServer } from "../shared/server.js";

/** Options for the local Azure Storage stand-in (Azurite, from npm). */
export interface AzuriteOptions {
  /** Folder for Azurite's data; omitted means in-memory (tests). */
  stateDir?: string;
  /** Blob, queue and table ports; 0 picks free ones. Defaults to 0. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** How long to wait for all three services to listen. Defaults to 20 000 ms. */
  startTimeoutMs?: number;
}

/** Azurite running as a child process, with the connection string the app uses as AzureWebJobsStorage. */
export interface AzuriteSandbox extends SandboxServer {
  connectionString: string;
  /** Azurite's process id (a parent that may be SIGKILLed records it, to end it on the next start). */
  pid: number;
  /** Settles when Azurite exits, for whatever reason (a supervisor stops the rest when it dies). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// Azurite's well-known development account (public, documented by Microsoft).
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)(?=\r?\n)/g;

/** Starts Azurite (blob, queue, table) and resolves once every service listens. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteSandbox> {
  const bin = createRequire(import.meta.url).resolve("azurite/dist/src/azurite.js");
  const args = [
    bin,
    "--blobPort",
    String(options.blobPort ?? 0),
    "--queuePort",
    String(options.queuePort ?? 0),
    "--tablePort",
    String(options.tablePort ?? 0),
    "--skipApiVersionCheck",
    "--disableTelemetry",
    "--loose",
  ];
  if (options.stateDir) {
    mkdirSync(options.stateDir, { recursive: true });
    args.push("--location", options.stateDir);
  } else {
    args.push("--inMemoryPersistence");
  }
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const urls = await waitForServices(child, options.startTimeoutMs ?? 20_000);
  const connectionString = [
    "DefaultEndpointsProtocol=http",
    `AccountName=${ACCOUNT}`,
    `AccountKey=${KEY}`,
    `BlobEndpoint=${urls.Blob}/${ACCOUNT}`,
    `QueueEndpoint=${urls.Queue}/${ACCOUNT}`,
    `TableEndpoint=${urls.Table}/${ACCOUNT}`,
    "",
  ].join(";");
  return {
    url: urls.Table as string,
    connectionString,
    pid: child.pid as number,
    exited,
    env: { AzureWebJobsStorage: connectionString },
    stop: () => stopChild(child),
    reset: async () => {
      throw new Error("Azurite has no reset; start a new in-memory instance instead");
    },
  };
}

function waitForServices(child: ChildProcess, timeoutMs: number): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const urls: Record<string, string> = {};
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Scan all output so far for whole lines: a line may arrive split across chunks.
      for (const m of output.matchAll(LISTENING)) urls[m[1] as string] = m[2] as string;
      if (urls.Blob && urls.Queue && urls.Table) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // keep draining so Azurite never blocks on a full pipe
        resolve(urls);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => fail(new Error(`Azurite exited (${code}) before listening:\n${output}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
