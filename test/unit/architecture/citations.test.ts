import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type CitationProblem, checkCitations, type Repository, sectionsOf, type TextFile } from "./citations.js";

// The citation rule of docs/architecture.md §5.13 over every tracked file. The samples below prove
// the checker can fail; they spell the section sign and the forbidden paths with escapes, so that this
// file passes its own check.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const SIGN = "\u00a7";
/** A path under docs/specs, spelled so that this file does not name a missing one itself. */
const spec = (name: string) => ["docs", "specs", name].join("/");

/** Tracked files (git), or the working tree without node_modules, dist and dot folders when git is absent. */
function trackedFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\0")
      .filter(Boolean);
  } catch {
    const walk = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((entry) => {
        if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) return [];
        const path = dir ? `${dir}/${entry}` : entry;
        return statSync(join(root, path)).isDirectory() ? walk(path) : [path];
      });
    return walk("");
  }
}

function readText(path: string): string | undefined {
  try {
    const text = readFileSync(join(root, path), "utf8");
    return text.includes("\0") ? undefined : text;
  } catch {
    return undefined; // deleted in the working tree, or not a file
  }
}

const files: TextFile[] = trackedFiles()
  .filter((path) => path !== "package-lock.json")
  .flatMap((path) => {
    const text = readText(path);
    return text === undefined ? [] : [{ path, text }];
  });
const repository: Repository = {
  exists: (path) => existsSync(join(root, path)),
  read: (path) => (path.endsWith(".md") ? readText(path) : undefined),
};

function describeAll(problems: CitationProblem[]): string[] {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}: ${p.found}`);
}

/** Runs the checker over in-memory files; `docs` are the Markdown files they may cite. */
function check(samples: Record<string, string>, docs: Record<string, string> = {}): string[] {
  const all = { ...docs, ...samples };
  const folders = new Set(
    Object.keys(all).flatMap((p) => p.split("/").map((_, i, parts) => parts.slice(0, i).join("/"))),
  );
  const repo: Repository = { exists: (p) => p in all || folders.has(p), read: (p) => all[p] };
  return checkCitations(
    Object.entries(samples).map(([path, text]) => ({ path, text })),
    repo,
  ).map((p) => `${p.file}:${p.line} ${p.message}`);
}

const ARM = [
  "# ARM",
  "## 0. Facts",
  `0.7. **Token scopes.** …`,
  "## 4. AKS bodies",
  "**4.3 Response after creation.** …",
  "**4.4 Fields other clients need.** …",
  "### 4.9 Naming",
  "| **5.1** a rule in a table |",
].join("\n");

describe("citations (docs/architecture.md §5.13)", () => {
  it("reads the files it checks", () => {
    // A loader that found nothing would pass every rule below.
    for (const path of ["README.md", "sandbox/arm/README.md", "src/azure/clients.ts", "docs/specs/arm.md"]) {
      assert.ok(
        files.some((f) => f.path === path),
        `${path} was not read`,
      );
    }
  });

  it("every tracked file cites only what a clone has, and only sections the documents have", () => {
    assert.deepEqual(describeAll(checkCitations(files, repository)), []);
  });

  it("reads section numbers from headings, bold leads, table leads and numbered items", () => {
    assert.deepEqual([...sectionsOf(ARM)].sort(), ["0", "0.7", "4", "4.3", "4.4", "4.9", "5.1"]);
  });

  it("accepts docs/specs citations in code, in code spans, as Markdown links, later on the line and across a comment's line break", () => {
    const docs = { "docs/specs/arm.md": ARM };
    const samples = {
      "src/a.ts": `// pinned to the audience (docs/specs/arm.md ${SIGN}0.7)\n// see docs/specs/arm.md ${SIGN}4.3–4.4, ${SIGN}4.9\n`,
      "src/b.ts": `/**\n * the name rule of docs/specs/arm.md\n * ${SIGN}4.9 */\n`,
      "src/README.md": `HTTPS (\`docs/specs/arm.md\` ${SIGN}0.7), [docs/specs/arm.md ${SIGN}4.4](../${spec("arm.md")}), [the notes](../${spec("arm.md")}) ${SIGN}4.9.\n`,
      "docs/guide.md": `## 1. Intro\n**1.2 Detail.** See ${SIGN}1 and ${SIGN}1.2, and docs/specs/arm.md ${SIGN}0.7.\n`,
      "src/c.ts": `import { x } from "../shared/clock.js";\n`,
      "src/f.ts": `it("sends the docs/specs/arm.md ${SIGN}4.3 body, named as ${SIGN}4.9 says", () => {});\n`,
    };
    assert.deepEqual(check(samples, docs), []);
  });

  it("fails on paths outside the repository and on bare spec sections", () => {
    const work = ["", "work", "shared", "specs", "arm.md"].join("/");
    const shared = ["..", "shared", "specs", "arm.md"].join("/");
    const docs = { "docs/specs/arm.md": ARM };
    assert.deepEqual(
      check(
        {
          "src/a.ts": `// facts are in ${work}\n`,
          "sandbox/x/README.md": `See \`${shared}\`.\n`,
          "src/b.ts": `// as the spec says (spec ${SIGN}0.7)\n`,
          "src/c.ts": `// spec arm.md ${SIGN}0.7\n`,
          "src/d.ts": `// the rule (${SIGN}4.9)\n`,
          "src/e.ts": `import { y } from "../../../elsewhere/y.js";\n`,
        },
        docs,
      ),
      [
        "src/a.ts:1 cites a path outside the repository (the machine's work directory)",
        "src/a.ts:1 cites the old shared notes; the repository's are docs/specs/",
        "sandbox/x/README.md:1 cites the old shared notes; the repository's are docs/specs/",
        "sandbox/x/README.md:1 names a specs file the repository does not have",
        "src/b.ts:1 a bare spec section: name the document (docs/specs/<file>.md and the section)",
        "src/b.ts:1 a section number without its document (docs/specs/<file>.md)",
        "src/c.ts:1 a bare spec section: name the document (docs/specs/<file>.md and the section)",
        "src/c.ts:1 cites sections of arm.md, which is not a Markdown file of the repository",
        "src/d.ts:1 a section number without its document (docs/specs/<file>.md)",
        "src/e.ts:1 a relative path that leaves the repository",
      ],
    );
  });

  it("fails on a section number the cited document does not have, and on a broken link", () => {
    const docs = { "docs/specs/arm.md": ARM };
    assert.deepEqual(
      check(
        {
          "src/a.ts": `// docs/specs/arm.md ${SIGN}4.5\n`,
          "src/b.ts": `// docs/specs/arm.md ${SIGN}4.3–4.8, ${SIGN}7\n`,
          "src/c.ts": `// ${spec("nothere.md")} ${SIGN}1\n`,
          "src/f.ts": `// the docs/specs/arm.md ${SIGN}4.3 body, named as ${SIGN}4.10 says\n`,
          "docs/guide.md": `## 1. Intro\nAs ${SIGN}2 says.\n`,
          "src/README.md": `[the ARM notes](../${spec("armm.md")})\n`,
        },
        docs,
      ),
      [
        "src/a.ts:1 docs/specs/arm.md has no section 4.5",
        "src/b.ts:1 docs/specs/arm.md has no section 4.8",
        "src/b.ts:1 docs/specs/arm.md has no section 7",
        "src/c.ts:1 names a specs file the repository does not have",
        `src/c.ts:1 cites sections of ${spec("nothere.md")}, which is not a Markdown file of the repository`,
        "src/f.ts:1 docs/specs/arm.md has no section 4.10",
        "docs/guide.md:2 cites its own section 2, which it does not have",
        "src/README.md:1 names a specs file the repository does not have",
        "src/README.md:1 a relative link to a file the repository does not have",
      ],
    );
  });
});
