import { request } from "node:https";
import type { QuotaSettings } from "../options.js";
import type { CallRecord, CallSummary } from "../policies/callLog.js";
import type { FaultRule } from "../policies/faults.js";
import type { ThrottleSettings } from "../policies/throttle.js";
import type { RuntimeSettings } from "../services.js";
import type { StoredOperation } from "../store/armStore.js";
import type { QuotaView } from "./quotaControl.js";

/** Sandbox clock as the control API reports it. */
export interface ClockView {
  nowMs: number;
  frozen: boolean;
}

/** Typed client of the `/_sandbox/` control API (HTTPS, trusting the sandbox certificate). */
export class ArmControlClient {
  constructor(
    private readonly url: string,
    private readonly ca: string,
  ) {}

  /** Adds a fault rule; returns it with its id. */
  addFault(rule: FaultRule): Promise<FaultRule> {
    return this.call("POST", "/faults", rule);
  }
  removeFault(id: string): Promise<unknown> {
    return this.call("DELETE", `/faults/${id}`);
  }
  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "/faults");
  }
  async faults(): Promise<FaultRule[]> {
    return (await this.call<{ value: FaultRule[] }>("GET", "/faults")).value;
  }
  /** The call log and its aggregates. */
  calls(): Promise<{ summary: CallSummary; value: CallRecord[] }> {
    return this.call("GET", "/calls");
  }
  clearCalls(): Promise<unknown> {
    return this.call("DELETE", "/calls");
  }
  throttle(update?: Partial<ThrottleSettings>): Promise<ThrottleSettings> {
    return update ? this.call("PUT", "/throttle", update) : this.call("GET", "/throttle");
  }
  /**
   * Quota settings plus current usage per `subscription/location`; an update replaces the fields it
   * gives (`familyVcpus`, `regions`, `restrictedSkus` whole).
   */
  quota(update?: Partial<QuotaSettings>): Promise<QuotaView> {
    return update ? this.call("PUT", "/quota", update) : this.call("GET", "/quota");
  }
  /**
   * Runtime settings: profile, timeScale, seed, retryAfterSeconds, pageSize, `durationsMs` (exact
   * per-kind overrides, replaced whole), `lateNodes` (`null` turns them off) and `identityGroups` (the `groups`
   * claim of the tokens the identity endpoint issues from then on).
   */
  settings(
    update?: Partial<Omit<RuntimeSettings, "lateNodes" | "quota">> & {
      lateNodes?: RuntimeSettings["lateNodes"] | null;
    },
  ): Promise<RuntimeSettings> {
    return update ? this.call("PUT", "/settings", update) : this.call("GET", "/settings");
  }
  /** Freezes, unfreezes, advances or resets the sandbox clock. */
  clock(change: { freeze?: boolean; advanceMs?: number; reset?: boolean } = {}): Promise<ClockView> {
    return this.call("POST", "/clock", change);
  }
  /** Every resource (with sandbox-only `_sandbox` state) and operation. */
  state(): Promise<{ resources: Record<string, unknown>[]; operations: StoredOperation[]; clock: ClockView }> {
    return this.call("GET", "/state");
  }
  reset(): Promise<unknown> {
    return this.call("POST", "/reset");
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = request(
        `${this.url}/_sandbox${path}`,
        { method, ca: this.ca, headers: payload ? { "content-type": "application/json" } : {}, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const parsed = text ? (JSON.parse(text) as T) : (undefined as T);
            if ((res.statusCode ?? 500) >= 400)
              reject(new Error(`control ${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(parsed);
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }
}
