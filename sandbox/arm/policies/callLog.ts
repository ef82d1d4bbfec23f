import type { RequestCategory } from "./throttle.js";

/** One request as the sandbox saw it. */
export interface CallRecord {
  atMs: number;
  method: string;
  path: string;
  apiVersion: string | undefined;
  resourceType: string;
  category: RequestCategory;
  status: number;
  /** ARM error code when the answer was an error. */
  code?: string;
  clientRequestId: string | undefined;
  requestId: string;
  userAgent: string | undefined;
  durationMs: number;
  /** A write's JSON body as sent (PUT/PATCH/POST; at most 64 KiB), for tests that assert what was asked. */
  requestBody?: unknown;
}

/** Counts per category. */
export type CategoryCounts = Record<RequestCategory, number>;

/** Aggregates tests and benchmarks assert on. */
export interface CallSummary {
  total: number;
  byCategory: CategoryCounts;
  byResourceType: Record<string, CategoryCounts>;
  byStatus: Record<string, number>;
  byClientRequestId: Record<string, number>;
}

const emptyCounts = (): CategoryCounts => ({ reads: 0, writes: 0, deletes: 0 });

/** The in-memory call log (capped); the control API serves it. */
export class CallLog {
  private records: CallRecord[] = [];

  constructor(private readonly capacity = 20_000) {}

  record(call: CallRecord): void {
    this.records.push(call);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  list(): CallRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records = [];
  }

  summary(): CallSummary {
    const summary: CallSummary = {
      total: 0,
      byCategory: emptyCounts(),
      byResourceType: {},
      byStatus: {},
      byClientRequestId: {},
    };
    for (const call of this.records) {
      summary.total++;
      summary.byCategory[call.category]++;
      const perType = summary.byResourceType[call.resourceType] ?? emptyCounts();
      perType[call.category]++;
      summary.byResourceType[call.resourceType] = perType;
      summary.byStatus[call.status] = (summary.byStatus[call.status] ?? 0) + 1;
      if (call.clientRequestId) {
        summary.byClientRequestId[call.clientRequestId] = (summary.byClientRequestId[call.clientRequestId] ?? 0) + 1;
      }
    }
    return summary;
  }
}
