import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;

/**
 * What an administrator (or the load benchmark) needs to see of a running backend: how long the
 * event loop was held up, how long desk snapshots took to build, memory and CPU. Read through
 * GET /api/metrics (administrators only); `?reset=1` starts a new window for the loop-delay figures.
 */
export class ServerMetrics {
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });
  private readonly startedCpu = process.cpuUsage();
  private readonly startedAt = performance.now();
  private snapshots = { count: 0, lastMs: 0, maxMs: 0, lastBytes: 0 };

  constructor() {
    this.loop.enable();
  }

  /** A snapshot was built and serialised for a joining desk, taking `elapsedMs`. */
  snapshotBuilt(elapsedMs: number, bytes: number): void {
    this.snapshots = {
      count: this.snapshots.count + 1,
      lastMs: Math.round(elapsedMs * 100) / 100,
      maxMs: Math.max(this.snapshots.maxMs, Math.round(elapsedMs * 100) / 100),
      lastBytes: bytes,
    };
  }

  read(reset: boolean, counts: Record<string, number>) {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage(this.startedCpu);
    const figures = {
      uptimeS: Math.round((performance.now() - this.startedAt) / 1000),
      eventLoopDelayMs: { p50: ms(this.loop.percentile(50)), p99: ms(this.loop.percentile(99)), max: ms(this.loop.max) },
      snapshots: { ...this.snapshots },
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuMs: { user: Math.round(cpu.user / 1000), system: Math.round(cpu.system / 1000) },
      ...counts,
    };
    if (reset) {
      this.loop.reset();
      this.snapshots = { ...this.snapshots, maxMs: 0 };
    }
    return figures;
  }

  close(): void {
    this.loop.disable();
  }
}
