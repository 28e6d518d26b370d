/**
 * Port numbers and the ports Coiled and Dask use.
 */
import { ErrorCode, ValidationScope, fail } from './errors';

/**
 * Well-known scheduler-side ports.
 *
 * Source: coiled-contract §1 "Ports" and §5.3 (coiled 1.130.4 `cluster_firewall(scheduler=443)`;
 * Coiled's Terraform template opens 8786/8787/22/80/443).
 */
export class SchedulerPorts {
  /** Coiled's current scheduler port: Dask comms over TLS and the HTTPS dashboard share it. */
  public static readonly COILED_DEFAULT = 443;
  /** The classic Dask scheduler port. */
  public static readonly DASK_SCHEDULER = 8786;
  /** The classic Dask dashboard port (plain HTTP). */
  public static readonly DASK_DASHBOARD = 8787;
  /** SSH to the scheduler (`coiled run`, `allow_ssh`). */
  public static readonly SSH = 22;
  /** Spark Connect (`allow_spark`). */
  public static readonly SPARK_CONNECT = 15003;
  /** Jupyter on the scheduler (`jupyter=True`). */
  public static readonly JUPYTER = 8888;
  /** Plain HTTP (Coiled's template: Jupyter without TLS). */
  public static readonly HTTP = 80;
}

/**
 * Fixed ports for Dask's nanny and worker processes.
 *
 * Dask picks random unprivileged ports unless `worker_options` fixes them (Coiled's docs example:
 * `worker_options={"nanny_port": 8000, "worker_port": 9000}`). Fixing them lets the firewall
 * narrow intra-cluster traffic to the scheduler port and these two.
 */
export interface WorkerPorts {
  /** The nanny's port (`worker_options["nanny_port"]`). */
  readonly nannyPort: number;
  /** The worker's port (`worker_options["worker_port"]`). */
  readonly workerPort: number;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Throws unless `value` is a whole number from 1 to 65535. Tokens pass. */
export function checkPort(scope: ValidationScope, input: string, value: unknown): void {
  if (scope.isUnresolved(value)) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_PORT || value > MAX_PORT) {
    fail(scope, {
      code: ErrorCode.INVALID_PORT,
      input,
      value,
      problem: 'a port must be a whole number from 1 to 65535',
      fix: typeof value === 'string' && /^\d+$/.test(value) ? `write the number without quotes: ${value}` : 'use a port such as 443, or 8786 and 8787 for classic Dask',
      suggestion: typeof value === 'string' && /^\d+$/.test(value) && Number(value) >= MIN_PORT && Number(value) <= MAX_PORT ? { input, value: Number(value) } : undefined,
    });
  }
}

/** Sorted, de-duplicated ports merged into contiguous ranges: [443, 8786, 8787] -> 443, 8786-8787. */
export function toPortRanges(ports: readonly number[]): PortRange[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const ranges: PortRange[] = [];
  for (const port of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last.to + 1 === port) {
      ranges[ranges.length - 1] = { from: last.from, to: port };
    } else {
      ranges.push({ from: port, to: port });
    }
  }
  return ranges;
}

export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}

export function formatPorts(ports: readonly number[]): string {
  return toPortRanges(ports).map(formatPortRange).join(', ');
}
