import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { it } from "node:test";
import { settingNames } from "../../../src/config.js";
import { apiRoutes } from "../../../src/request/apiRoutes.js";

// The pages a reader follows: README.md and docs/*.md. Their links must land, and a setting they name must be one
// the app reads (a renamed setting left in the docs sends an operator after nothing).
const root = resolve(import.meta.dirname, "../../..");
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

// UPPER_SNAKE names in the docs that are not app settings, each for a reason.
const NOT_SETTINGS = new Set([
  // What `npm start` prints and writes to <state dir>/env for the CLI and scripts (sandbox/start/banner.ts).
  "API_URL",
  "API_KEY",
  "STATUS_PAGE_URL",
  "SERVICEBUS_CONNECTION_STRING",
  "EVENTS_TOPIC",
  "REQUESTS_QUEUE",
  "AZURE_TENANT_ID",
  // The hostile-input suite's replay seed (test/reliability/hostile.suite.ts), named in docs/reliability.md.
  "HOSTILE_SEED",
  // The crash suite's choice of schedules (test/reliability/crash.suite.ts), named in docs/reliability.md.
  "CRASH_PARTS",
  // The crash tests' replay seed (test/helpers/seededRandom.ts), named in docs/reliability.md.
  "KILL_SEED",
  // Node's own variable, the sandbox certificate's path.
  "NODE_EXTRA_CA_CERTS",
  // A constant of test/unit/architecture, named in docs/architecture.md.
  "PURE_PACKAGES",
  // The stand-ins' CPU profiles (test/helpers/spawnStandIn.ts), named in docs/performance.md.
  "STANDIN_CPU_PROF_DIR",
  // Azure Functions' own setting (worker processes per instance), named in docs/performance.md.
  "FUNCTIONS_WORKER_PROCESS_COUNT",
  // Node's own variable (a probe preloaded), named in docs/performance.md.
  "NODE_OPTIONS",
  // The devhost journal's compaction pacing (sandbox/shared/journal.ts), named in docs/performance.md.
  "SLICE_REST_FACTOR",
]);

/** The page without fenced code blocks (links and names in examples are not the page's own). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const headings = [...prose(readFileSync(file, "utf8")).matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
    slug(m[1] as string),
  );
  return new Set(headings);
}

function linksOf(page: string): string[] {
  const text = prose(readFileSync(join(root, page), "utf8")).replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] as string);
}

it("every relative link in README.md and docs/*.md resolves, #anchors included", () => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const link of linksOf(page)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: — not ours to check offline
      const [path, anchor] = link.split("#") as [string, string | undefined];
      const target = path === "" ? join(root, page) : resolve(dirname(join(root, page)), decodeURIComponent(path));
      if (!existsSync(target)) {
        broken.push(`${page}: ${link} (no such file)`);
        continue;
      }
      if (anchor && statSync(target).isFile() && target.endsWith(".md") && !anchorsOf(target).has(anchor)) {
        broken.push(`${page}: ${link} (no heading #${anchor})`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

it("every UPPER_SNAKE setting the docs name is one src/config.ts reads (or a listed non-setting)", () => {
  const known = new Set<string>(settingNames);
  const unknown: string[] = [];
  for (const page of pages) {
    const names = new Set(prose(readFileSync(join(root, page), "utf8")).match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g));
    for (const name of names) if (!known.has(name) && !NOT_SETTINGS.has(name)) unknown.push(`${page}: ${name}`);
  }
  assert.deepEqual(unknown, []);
});

it("docs/operations.md documents every setting and docs/api.md every route", () => {
  const operations = readFileSync(join(root, "docs/operations.md"), "utf8");
  assert.deepEqual(
    settingNames.filter((name) => !new RegExp(`^\\| \`${name}\` +\\|`, "m").test(operations)),
    [],
  );
  const api = readFileSync(join(root, "docs/api.md"), "utf8");
  assert.deepEqual(
    Object.values(apiRoutes)
      .filter((r) => !api.includes(`| \`${r.method} /api/${r.route}\``))
      .map((r) => r.name),
    [],
  );
});

it("the link check catches a broken link and a wrong anchor", () => {
  // The checker must be able to fail: README's Quick start anchor exists, a made-up one does not.
  assert.ok(anchorsOf(join(root, "README.md")).has("quick-start"));
  assert.equal(anchorsOf(join(root, "README.md")).has("no-such-heading"), false);
  assert.equal(slug("4. The sandbox (built)"), "4-the-sandbox-built");
});
