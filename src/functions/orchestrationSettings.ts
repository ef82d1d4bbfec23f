import type { AppConfig } from "../config.js";
import type { OrchestrationSettings } from "../orchestrators/provisionInput.js";

/** The settings an orchestration is started with (carried in its input, so its replays agree). */
export function orchestrationSettings(config: AppConfig): OrchestrationSettings {
  const { pollIntervalSeconds, provisionTimeoutMinutes, armWriteBurst, armWriteRate } = config.limits;
  return {
    pollIntervalSeconds,
    timeoutMinutes: provisionTimeoutMinutes,
    writeBudget: { burst: armWriteBurst, perSecond: armWriteRate },
  };
}
