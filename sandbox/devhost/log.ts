/** Where the devhost writes its lines; tests pass a collector or a no-op. */
export type LogSink = (line: string) => void;

/** Structured log helpers over one sink. */
export class DevhostLogger {
  constructor(private readonly sink: LogSink) {}

  /** One line per invocation: function, instance, duration, outcome. */
  invocation(fields: {
    functionName: string;
    instanceId?: string;
    durationMs: number;
    outcome: string;
    detail?: string;
  }) {
    const inst = fields.instanceId ? ` instance=${fields.instanceId}` : "";
    const detail = fields.detail ? ` ${fields.detail}` : "";
    this.sink(
      `[devhost] fn=${fields.functionName}${inst} durationMs=${fields.durationMs.toFixed(1)} outcome=${fields.outcome}${detail}`,
    );
  }

  /** A `context.log` line from user code, with its level. */
  user(functionName: string, level: string, message: string) {
    this.sink(`[${functionName}] ${level}: ${message}`);
  }

  /** A host-level line. */
  host(level: string, message: string) {
    this.sink(`[devhost] ${level}: ${message}`);
  }
}

/** Default sink: stdout. */
export const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);
