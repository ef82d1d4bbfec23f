import { createHmac } from "node:crypto";
import type { EventContext, Message, Receiver } from "rhea";
import { sendReply } from "./reply.js";

/** Options of the `$cbs` node. */
export interface CbsOptions {
  /** When set, SAS tokens must be signed with this key; otherwise every token is accepted (emulator). */
  sasKey?: string;
}

/**
 * Checks a `SharedAccessSignature sr=…&sig=…&se=…&skn=…` token against `key`. Expiry is read off the wall clock,
 * not the broker's: the client signs with its own wall clock, so a test that moves broker time must not make every
 * token look expired.
 */
export function verifySasToken(token: string, key: string, nowMs = Date.now()): string | undefined {
  const fields = new URLSearchParams(token.replace(/^SharedAccessSignature\s+/, ""));
  const sr = fields.get("sr");
  const sig = fields.get("sig");
  const se = Number(fields.get("se"));
  if (!sr || !sig || !Number.isFinite(se)) return "malformed SAS token";
  if (se * 1000 < nowMs) return "SAS token expired";
  const expected = createHmac("sha256", key)
    .update(`${encodeURIComponent(sr)}\n${se}`)
    .digest("base64");
  return expected === sig ? undefined : "SAS signature does not match";
}

/** Answers CBS put-token requests: 202 Accepted, or 401 when a key is configured and the token is bad. */
export function openCbsReceiver(link: Receiver, options: CbsOptions): void {
  link.on("message", (ctx: EventContext) => {
    const request = ctx.message as Message;
    ctx.delivery?.accept();
    const token = typeof request.body === "string" ? request.body : "";
    const problem =
      request.application_properties?.type === "jwt" || !options.sasKey
        ? undefined
        : verifySasToken(token, options.sasKey);
    if (problem) {
      sendReply(link, request, { code: 401, description: problem, condition: "amqp:unauthorized-access" }, null);
    } else {
      sendReply(link, request, { code: 202, description: "Accepted" }, null);
    }
  });
}
