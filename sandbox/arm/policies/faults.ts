import { randomUUID } from "node:crypto";
import { mulberry32 } from "../../shared/prng.js";

/** A fault rule for the control API: which requests it matches and what it does to them. */
export interface FaultRule {
  /** Assigned by the sandbox. */
  id?: string;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression matched case-insensitively against the normalized path. */
  pathPattern?: string;
  /** Resource type to match, e.g. `Microsoft.ContainerService/managedClusters` (case-insensitive). */
  resourceType?: string;
  /**
   * `error`: answer `status` + ARM `code`/`message` instead of handling the request;
   * `lostResponse`: handle the request, then answer the error anyway (a retry must be idempotent);
   * `failAsync`: handle it, but the asynchronous operation it starts ends Failed with `code`/`message`;
   * `latency`: delay the answer by `latencyMs`.
   */
  action: "error" | "lostResponse" | "failAsync" | "latency";
  status?: number;
  code?: string;
  message?: string;
  latencyMs?: number;
  /** Chance in [0, 1] that a matching request is affected; defaults to 1. Seeded, so repeatable. */
  probability?: number;
  /** How many more requests it affects; unlimited when absent. */
  count?: number;
}

/** A rule with its path pattern compiled once. */
interface ActiveRule {
  rule: FaultRule;
  path: RegExp | undefined;
}

/** The set of fault rules; `take` returns the rules that fire for one request and spends their counts. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = mulberry32(seed);
  }

  /** Adds a rule; throws a SyntaxError when `pathPattern` is not a regular expression. */
  add(rule: FaultRule): FaultRule {
    const path = rule.pathPattern === undefined ? undefined : new RegExp(rule.pathPattern, "i");
    const stored = { ...rule, id: rule.id ?? randomUUID() };
    this.rules.push({ rule: stored, path });
    return { ...stored };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.rule.id !== id);
    return this.rules.length !== before;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  clear(): void {
    this.rules = [];
    this.random = mulberry32(this.seed);
  }

  /** Rules that fire for this request (at most one per action). */
  take(method: string, path: string, resourceType: string): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const { rule, path: pattern } of this.rules) {
      if (fired.some((f) => f.action === rule.action)) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.resourceType && rule.resourceType.toLowerCase() !== resourceType.toLowerCase()) continue;
      if (pattern && !pattern.test(path)) continue;
      if (rule.count !== undefined && rule.count <= 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.count !== undefined) rule.count--;
      fired.push({ ...rule });
    }
    this.rules = this.rules.filter((r) => r.rule.count === undefined || r.rule.count > 0);
    return fired;
  }
}
