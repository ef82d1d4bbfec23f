// Runs one benchmark by name: `npm run bench -- <name> [its options]`, e.g. `npm run bench -- critical-path`.
// `npm run bench` alone lists them. Each benchmark is a script `bench/<area>/<file>.ts` that prints a JSON result
// and one summary line; it runs here in-process with its own options as its command line, as if started with
// `npx tsx bench/<area>/<file>.ts [options]` (which keeps working).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Every benchmark: its name on the command line, its script under bench/, what it measures. */
const BENCHES: Record<string, { file: string; what: string }> = {
  "critical-path": {
    file: "provision/criticalPath.ts",
    what: "the whole product provisioning examples/dev-cluster.json vs the ideal critical path and a sequential script",
  },
  "arm/critical-path": {
    file: "arm/criticalPath.ts",
    what: "the simulated ARM alone: start-up, write throughput, one SDK-driven provisioning vs its ideal",
  },
  "devhost/fanout": { file: "devhost/fanout.ts", what: "Durable fan-out/fan-in orchestrations per second" },
  "servicebus/throughput": { file: "servicebus/throughput.ts", what: "the broker's send/receive throughput" },
  "arm-economy": {
    file: "provision/armEconomy.ts",
    what: "ARM reads and writes of one provisioning of examples/dev-cluster.json vs the minimum",
  },
  concurrency: {
    file: "provision/concurrency.ts",
    what: "N provisionings at once under ARM's write throttling: completions, 429s, writes/s vs the budget, step overhead, RSS",
  },
  intake: { file: "intake/http.ts", what: "POST /api/clusters at fixed rates, open loop: p50/p99 and errors" },
  "queue-intake": {
    file: "intake/queue.ts",
    what: "requests dropped on the request queue: time until every one is accepted, each exactly once",
  },
};

const [name, ...options] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  if (name) process.stderr.write(`unknown benchmark "${name}"\n`);
  process.stderr.write("usage: npm run bench -- <name> [options]\n\n");
  for (const [n, b] of Object.entries(BENCHES)) process.stderr.write(`  ${n.padEnd(22)} bench/${b.file}: ${b.what}\n`);
  process.exit(name ? 2 : 0);
}
const script = fileURLToPath(new URL(bench.file, import.meta.url));
if (!existsSync(script)) throw new Error(`bench/${bench.file} is missing`);
// The script parses process.argv.slice(2) (parseArgs' default): give it only its own options.
process.argv = [process.argv[0] as string, script, ...options];
await import(pathToFileURL(script).href);
