import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

// Orchestrators are replayed: anything that reads the clock, chance or the outside world on its own gives a
// different answer on replay. Time comes from context.df.currentUtcDateTime, waiting from durable timers.
const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, "Date.now() reads the clock: use context.df.currentUtcDateTime"],
  [/\bnew Date\s*\(\s*\)/, "new Date() reads the clock: use context.df.currentUtcDateTime"],
  [/\bMath\.random\s*\(/, "Math.random() differs on replay: use context.df.newGuid()"],
  [/\bperformance\.now\s*\(/, "performance.now() reads the clock"],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, "timers do not survive a replay: use context.df.createTimer"],
  [/\bprocess\.(env|hrtime)\b/, "process.env/hrtime differ between workers and replays: pass settings in the input"],
  [/\b(fetch|crypto\.randomUUID)\s*\(/, "I/O and randomness belong in activities"],
  [/\bawait\b/, "an orchestrator never awaits: it yields Durable tasks"],
];

/** Every line of `source` that does what an orchestrator must not, with why. */
export function nondeterminism(source: string): { line: number; why: string }[] {
  const found: { line: number; why: string }[] = [];
  source.split("\n").forEach((text, i) => {
    const code = text.replace(/\/\/.*$/, "").replace(/^\s*\*.*$/, "");
    for (const [pattern, why] of FORBIDDEN) if (pattern.test(code)) found.push({ line: i + 1, why });
  });
  return found;
}

const dir = fileURLToPath(new URL("../../../src/orchestrators/", import.meta.url));

describe("orchestrators never read the clock, chance or the outside world but through the Durable context", () => {
  it("finds nothing in src/orchestrators", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length >= 5, "the orchestrators were found");
    const found = files.flatMap((f) =>
      nondeterminism(readFileSync(join(dir, f), "utf8")).map((v) => `src/orchestrators/${f}:${v.line}: ${v.why}`),
    );
    assert.deepEqual(found, []);
  });

  it("would catch each kind (the rule can fail)", () => {
    const bad = [
      "const t = Date.now();",
      "const d = new Date();",
      "const r = Math.random();",
      "setTimeout(() => {}, 10);",
      "const s = process.env.X;",
      "await fetch(url);",
    ];
    for (const line of bad) assert.equal(nondeterminism(line).length > 0, true, line);
    assert.deepEqual(nondeterminism("const at = new Date(context.df.currentUtcDateTime.getTime() + 1000);"), []);
    assert.deepEqual(nondeterminism("// Date.now() is forbidden here"), []);
  });
});
