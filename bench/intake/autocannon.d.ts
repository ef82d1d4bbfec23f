// autocannon 9 ships no types and @types/autocannon is not installed: the part of its API the intake benchmark
// uses, as its README's "API" section documents it.
declare module "autocannon" {
  namespace autocannon {
    /** hdr-histogram-percentiles-obj: the statistics of one histogram. */
    interface Histogram {
      min: number;
      max: number;
      average: number;
      stddev: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }

    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      duration?: number;
      /** Requests to make in all; overrides `duration`. */
      amount?: number;
      /** Requests per second over all connections (per worker). */
      overallRate?: number;
      ignoreCoordinatedOmission?: boolean;
      /** Replaces every `[<id>]` in the body with a fresh hyperid per request. */
      idReplacement?: boolean;
      /** Seconds before a request counts as a timeout. */
      timeout?: number;
      workers?: number;
    }

    interface Result {
      duration: number;
      latency: Histogram;
      requests: Histogram & { sent: number };
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
