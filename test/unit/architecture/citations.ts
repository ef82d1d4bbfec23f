// The citation rules of docs/architecture.md §5.13, as a check over text. Every citation a newcomer
// finds in a clone must be followable inside that clone:
//
// - no path outside the repository: an absolute path under the machine's work directory, the old
//   shared notes folder, or a relative path in source code that climbs above the repository root;
// - no section sign without its document: a section is cited as `docs/specs/arm.md` followed by the
//   section sign and the number (a Markdown link to the file in READMEs), never as "spec" plus a number;
// - the cited document exists and has every section number cited (read from its headings: `## 3.`,
//   `### 2.8`, bold leads such as `**4.4 …**`, numbered items such as `0.7. **…**`);
// - relative Markdown links point at files that exist.
//
// A Markdown file under docs/ may cite its own sections by number alone; they are checked against its
// own headings. The check is a pure function over texts, so citations.test.ts can feed it samples.
import { posix } from "node:path";

/** A file as the checker reads it: its path from the repository root (forward slashes) and its text. */
export interface TextFile {
  path: string;
  text: string;
}

/** One citation that cannot be followed. */
export interface CitationProblem {
  file: string;
  line: number;
  /** The text that was found. */
  found: string;
  message: string;
}

/** What the checker may ask about the repository besides the files it checks. */
export interface Repository {
  /** Whether a path (from the root, no leading `./`) is a file or folder of the repository. */
  exists(path: string): boolean;
  /** The text of a Markdown file of the repository, or undefined when there is none. */
  read(path: string): string | undefined;
}

const SIGN = "\u00a7";
const NUMBER = String.raw`\d+(?:\.\d+)*`;
const ITEM = String.raw`${SIGN}\s?${NUMBER}(?:\s*[\u2013-]\s*${SIGN}?\s?${NUMBER})?`;
/** A run of section numbers: `N`, `N.M–N.K`, `N, M and K`, each item with its own sign. */
const RUN = String.raw`${ITEM}(?:\s*(?:,|and|or|/)\s*${ITEM})*`;
/** A path to a Markdown file, as prose, a code span or a link target writes it. */
const MD_PATH = String.raw`(?<![\w./@$-])((?:\.{1,2}/)*(?:[\w@$.-]+/)*[\w.-]+\.md)(?![\w/-])`;
/**
 * Between a document and its section numbers: the end of a code span or of a link's text, a link target,
 * a closing parenthesis, spaces, and at most one line break (with a comment or table leader on the next line).
 */
const GAP = String.raw`[\`\])]{0,2}(?:\([^)\s]*\))?\`?[ \t]*(?:\r?\n[ \t]*(?://|\*|#|\|)?[ \t]*)?`;

const CITATION = new RegExp(`${MD_PATH}${GAP}(${RUN})`, "g");
const RUN_ANYWHERE = new RegExp(RUN, "g");
const RANGE = new RegExp(String.raw`${SIGN}\s?(${NUMBER})(?:\s*[\u2013-]\s*${SIGN}?\s?(${NUMBER}))?`, "g");
const SPEC_WORD = new RegExp(String.raw`\bspecs?(?:\s+[\w-]+\.md)?\s*${SIGN}`, "gi");
const WORK_DIR = new RegExp(String.raw`(?<![\w.:-])/${"work"}/`, "g");
const SHARED_NOTES = new RegExp(["shared", "specs"].join("/"), "g");
const CLIMB = /(?<![\w./-])((?:\.\.\/)+)(?=[\w@$.-])/g;
const SPEC_FILE = /(?<![\w./-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*specs\/[\w-]+\.md)/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;

/** The section numbers a Markdown document has, read from its headings and numbered leads. */
export function sectionsOf(markdown: string): Set<string> {
  const found = new Set<string>();
  const leads = [
    new RegExp(String.raw`^#{1,6}[ \t]+(${NUMBER})\.?[ \t]`, "gm"),
    new RegExp(String.raw`^\*\*(${NUMBER})\.?[\s*]`, "gm"),
    new RegExp(String.raw`^\|[ \t]*\*\*(${NUMBER})\.?\*\*`, "gm"),
    /^(\d+\.\d+(?:\.\d+)*)\.[ \t]/gm,
  ];
  for (const lead of leads) for (const m of markdown.matchAll(lead)) found.add(m[1] as string);
  return found;
}

/** Every problem with the citations in `files`. */
export function checkCitations(files: readonly TextFile[], repo: Repository): CitationProblem[] {
  const problems: CitationProblem[] = [];
  const sections = new Map<string, Set<string>>();
  const sectionsOfFile = (path: string): Set<string> | undefined => {
    if (!sections.has(path)) {
      const text = repo.read(path);
      if (text === undefined) return undefined;
      sections.set(path, sectionsOf(text));
    }
    return sections.get(path);
  };
  for (const file of files) {
    const report = (index: number, found: string, message: string) =>
      problems.push({ file: file.path, line: lineOf(file.text, index), found: found.trim(), message });
    const dir = posix.dirname(file.path);
    const resolve = (cited: string): string | undefined => {
      const candidates = cited.startsWith(".") ? [posix.join(dir, cited)] : [cited, posix.join(dir, cited)];
      return candidates.map((c) => posix.normalize(c)).find((c) => !c.startsWith("..") && repo.exists(c));
    };

    for (const m of file.text.matchAll(WORK_DIR)) {
      report(
        m.index,
        lineText(file.text, m.index),
        "cites a path outside the repository (the machine's work directory)",
      );
    }
    for (const m of file.text.matchAll(SHARED_NOTES)) {
      report(m.index, lineText(file.text, m.index), "cites the old shared notes; the repository's are docs/specs/");
    }
    // Markdown code samples are relative to files of their own, so only source files are checked here.
    const climbs = file.path.endsWith(".md") ? [] : file.text.matchAll(CLIMB);
    for (const m of climbs) {
      const target = posix.normalize(posix.join(dir, m[1] as string));
      if (target.startsWith("..")) {
        report(m.index, lineText(file.text, m.index), "a relative path that leaves the repository");
      }
    }
    for (const m of file.text.matchAll(SPEC_WORD)) {
      report(m.index, m[0], "a bare spec section: name the document (docs/specs/<file>.md and the section)");
    }
    for (const m of file.text.matchAll(SPEC_FILE)) {
      if (!resolve(m[1] as string)) report(m.index, m[1] as string, "names a specs file the repository does not have");
    }

    // Each run of section numbers belongs to a document: the one it follows (across at most one line
    // break), else, outside docs/, the nearest one earlier on its line. A Markdown file under docs/ owns
    // the runs no document claims; anywhere else such a run is bare.
    const inDocs = file.path.startsWith("docs/") && file.path.endsWith(".md");
    const followed = new Map<number, string>(); // where a run starts → the document it follows
    for (const m of file.text.matchAll(CITATION)) {
      followed.set(m.index + m[0].length - (m[2] as string).length, m[1] as string);
    }
    const documents = [...file.text.matchAll(new RegExp(MD_PATH, "g"))].map((m) => ({
      cited: m[1] as string,
      at: m.index,
    }));
    const ownSections = inDocs ? sectionsOf(file.text) : undefined;
    for (const m of file.text.matchAll(RUN_ANYWHERE)) {
      const lineStart = file.text.lastIndexOf("\n", m.index - 1) + 1;
      const cited =
        followed.get(m.index) ??
        (inDocs ? undefined : documents.filter((d) => d.at >= lineStart && d.at < m.index).at(-1)?.cited);
      if (cited) {
        const target = resolve(cited);
        const have = target === undefined ? undefined : sectionsOfFile(target);
        if (have === undefined) {
          report(
            m.index,
            `${cited} ${m[0]}`,
            `cites sections of ${cited}, which is not a Markdown file of the repository`,
          );
          continue;
        }
        for (const missing of missingSections(m[0], have)) {
          report(m.index, `${cited} ${m[0]}`, `${target} has no section ${missing}`);
        }
      } else if (ownSections) {
        for (const missing of missingSections(m[0], ownSections)) {
          report(m.index, m[0], `cites its own section ${missing}, which it does not have`);
        }
      } else {
        report(m.index, lineText(file.text, m.index), "a section number without its document (docs/specs/<file>.md)");
      }
    }

    if (file.path.endsWith(".md")) {
      for (const m of file.text.matchAll(MD_LINK)) {
        const link = m[1] as string;
        if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith("#")) continue;
        const path = link.replace(/[#?].*$/, "");
        const target = posix.normalize(path.startsWith("/") ? path.slice(1) : posix.join(dir, path));
        if (target.startsWith("..") || !repo.exists(target.replace(/\/$/, ""))) {
          report(m.index, m[0], "a relative link to a file the repository does not have");
        }
      }
    }
  }
  return problems;
}

/** The section numbers in `run` (both ends of a range) that `have` lacks. */
function missingSections(run: string, have: Set<string>): string[] {
  const missing: string[] = [];
  for (const m of run.matchAll(RANGE)) {
    for (const n of [m[1], m[2]]) if (n !== undefined && !have.has(n)) missing.push(n);
  }
  return missing;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineText(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end < 0 ? undefined : end);
}
