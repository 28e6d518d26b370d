/**
 * Coiled's firewall shape, `{ports, cidr}`, its presets, and its normalisation.
 *
 * The shape is exactly Coiled's `FirewallOptions` (coiled-contract §5.1), so a `coiled.yaml`
 * `ingress:` list pastes in unchanged. Ingress rules apply to the scheduler only; workers accept
 * traffic from cluster members alone (coiled-contract §6, "SSH" paragraph).
 */
import { AddressFamily, ParsedCidr, compareCidrs, normalizeCidr } from './cidr';
import { ErrorCode, ValidationScope, fail } from './errors';
import { SchedulerPorts, checkPort } from './ports';

/**
 * One scheduler ingress rule: these TCP ports, from this CIDR block.
 *
 * The same shape as Coiled's `ingress` entries (`{"ports": [...], "cidr": "..."}`).
 */
export interface IngressRule {
  /** TCP ports to open on the scheduler, each from 1 to 65535. */
  readonly ports: number[];
  /** Source CIDR block, IPv4 (`10.1.0.0/16`) or IPv6 (`2001:db8::/32`). */
  readonly cidr: string;
  /**
   * Why this rule exists; shown to your security reviewer on the rule itself.
   *
   * Up to 255 characters of `a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*` (the AWS rule-description
   * alphabet, so the same list works on both clouds).
   *
   * @default - a description naming the ports
   */
  readonly description?: string;
}

/**
 * One egress rule for restricted egress: these TCP ports, to this CIDR block (a data source).
 */
export interface EgressRule {
  /** TCP ports the VMs may connect to, each from 1 to 65535. */
  readonly ports: number[];
  /** Destination CIDR block, IPv4 or IPv6. */
  readonly cidr: string;
  /**
   * Why this rule exists (same alphabet and length as {@link IngressRule.description}).
   *
   * @default - a description naming the ports
   */
  readonly description?: string;
}

/**
 * Ready-made scheduler ingress rules.
 *
 * @example
 * const ingress = [Ingress.coiledDefault('10.1.0.0/16'), Ingress.ssh('203.0.113.7/32')];
 */
export class Ingress {
  /** Every IPv4 address. Coiled opens this "for convenience"; narrow it where you can. */
  public static readonly ANYWHERE_IPV4 = '0.0.0.0/0';
  /** Every IPv6 address. */
  public static readonly ANYWHERE_IPV6 = '::/0';

  /**
   * The default ingress: 443 (Coiled's scheduler port: Dask over TLS and the HTTPS dashboard) and
   * 8786/8787 (the classic Dask scheduler and dashboard ports), from anywhere, as Coiled does.
   * A synth-time warning says how to narrow it.
   */
  public static defaults(): IngressRule[] {
    return [
      {
        ports: [SchedulerPorts.COILED_DEFAULT, SchedulerPorts.DASK_SCHEDULER, SchedulerPorts.DASK_DASHBOARD],
        cidr: Ingress.ANYWHERE_IPV4,
        description: 'Coiled default: Dask client and dashboard to scheduler',
      },
    ];
  }

  /** Port 443 only (Coiled's current default scheduler port) from `cidr`. */
  public static coiledDefault(cidr: string): IngressRule {
    return { ports: [SchedulerPorts.COILED_DEFAULT], cidr, description: 'Dask client and HTTPS dashboard to scheduler' };
  }

  /** The classic Dask ports 8786 (scheduler) and 8787 (dashboard) from `cidr`. */
  public static classicDask(cidr: string): IngressRule {
    return { ports: [SchedulerPorts.DASK_SCHEDULER, SchedulerPorts.DASK_DASHBOARD], cidr, description: 'Classic Dask scheduler and dashboard' };
  }

  /** SSH (22) to the scheduler from `cidr` (opt-in; keep it narrow). */
  public static ssh(cidr: string): IngressRule {
    return { ports: [SchedulerPorts.SSH], cidr, description: 'SSH to scheduler' };
  }

  /** Spark Connect (15003) from `cidr` (opt-in). */
  public static sparkConnect(cidr: string): IngressRule {
    return { ports: [SchedulerPorts.SPARK_CONNECT], cidr, description: 'Spark Connect to scheduler' };
  }

  /** Jupyter (8888) from `cidr` (opt-in). */
  public static jupyter(cidr: string): IngressRule {
    return { ports: [SchedulerPorts.JUPYTER], cidr, description: 'Jupyter on scheduler' };
  }

  /** What Coiled's Terraform template opens: 22, 80, 443, 8786, 8787 (from `cidr`). */
  public static terraformTemplateParity(cidr: string): IngressRule {
    return {
      ports: [SchedulerPorts.SSH, SchedulerPorts.HTTP, SchedulerPorts.COILED_DEFAULT, SchedulerPorts.DASK_SCHEDULER, SchedulerPorts.DASK_DASHBOARD],
      cidr,
      description: 'Coiled Terraform template parity',
    };
  }
}

/** A rule after validation and normalisation. */
export interface NormalizedRule {
  /** Canonical network block, or the token text when the block is only known at deploy time. */
  readonly cidr: string;
  /** Address family, or `unresolved` for a token. */
  readonly family: AddressFamily | 'unresolved';
  /** Parsed block (absent for tokens). */
  readonly parsed?: ParsedCidr;
  /** Sorted, de-duplicated ports. */
  readonly ports: number[];
  /** Merged description. */
  readonly description?: string;
}

const DESCRIPTION_MAX = 255;
// AWS security-group rule descriptions accept only this alphabet; GCP accepts any text. One list
// must work on both clouds, so the stricter alphabet applies.
const DESCRIPTION_ALPHABET = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const RULE_KEYS = new Set(['ports', 'cidr', 'description']);

/**
 * Validates and normalises a list of `{ports, cidr}` rules.
 *
 * - every CIDR is parsed and reduced to its network block (a warning names both forms);
 * - ports are whole numbers 1-65535, de-duplicated and sorted;
 * - rules for the same block are merged (their ports united, descriptions joined);
 * - the result is sorted IPv4 first, by address, so output never churns with input order.
 *
 * Token CIDRs and ports pass through unchecked and keep their input order after the resolved rules.
 */
export function normalizeRules(scope: ValidationScope, input: string, rules: unknown): NormalizedRule[] {
  if (!Array.isArray(rules)) {
    fail(scope, {
      code: ErrorCode.CONFLICTING_OPTIONS,
      input,
      value: rules,
      problem: 'expected a list of {ports, cidr} rules known at synth time',
      fix: `write ${input}: [{ ports: [443], cidr: "10.0.0.0/16" }]`,
    });
  }
  const byCidr = new Map<string, { parsed: ParsedCidr; ports: Set<number>; descriptions: Set<string> }>();
  const unresolved: NormalizedRule[] = [];

  rules.forEach((rule, index) => {
    const at = `${input}[${index}]`;
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      fail(scope, { code: ErrorCode.CONFLICTING_OPTIONS, input: at, value: rule, problem: 'a rule must be an object with ports and cidr', fix: 'write { ports: [443], cidr: "10.0.0.0/16" }' });
    }
    const unknownKeys = Object.keys(rule).filter((k) => !RULE_KEYS.has(k) && (rule as Record<string, unknown>)[k] !== undefined);
    if (unknownKeys.length > 0) {
      fail(scope, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: at,
        value: rule,
        problem: `unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}; a rule has exactly ports, cidr and an optional description`,
        fix: 'give one CIDR per rule (repeat the rule for more blocks) and a list of ports',
      });
    }
    const { ports, cidr, description } = rule as { ports?: unknown; cidr?: unknown; description?: unknown };
    const portList = checkPortList(scope, `${at}.ports`, ports);
    const checkedDescription = checkDescription(scope, `${at}.description`, description);

    if (scope.isUnresolved(cidr)) {
      unresolved.push({ cidr: String(cidr), family: 'unresolved', ports: sortPorts(portList), description: checkedDescription });
      return;
    }
    const parsed = normalizeCidr(scope, `${at}.cidr`, cidr);
    const entry = byCidr.get(parsed.cidr) ?? { parsed, ports: new Set<number>(), descriptions: new Set<string>() };
    portList.forEach((p) => entry.ports.add(p));
    if (checkedDescription) entry.descriptions.add(checkedDescription);
    byCidr.set(parsed.cidr, entry);
  });

  const resolved = [...byCidr.values()]
    .sort((a, b) => compareCidrs(a.parsed, b.parsed))
    .map(({ parsed, ports, descriptions }) => ({
      cidr: parsed.cidr,
      family: parsed.family,
      parsed,
      ports: sortPorts([...ports]),
      description: mergeDescriptions([...descriptions]),
    }));
  return [...resolved, ...unresolved];
}

function checkPortList(scope: ValidationScope, input: string, ports: unknown): number[] {
  if (scope.isUnresolved(ports)) {
    fail(scope, { code: ErrorCode.INVALID_PORT, input, value: ports, problem: 'the list of ports must be known at synth time (single ports may be tokens)', fix: 'write the list literally, e.g. [443]' });
  }
  if (!Array.isArray(ports)) {
    fail(scope, {
      code: ErrorCode.INVALID_PORT,
      input,
      value: ports,
      problem: 'ports must be a list of port numbers',
      fix: typeof ports === 'number' ? `write [${ports}]` : 'write a list such as [443] or [8786, 8787]',
    });
  }
  if (ports.length === 0) {
    fail(scope, { code: ErrorCode.EMPTY_PORTS, input, value: ports, problem: 'a rule with no ports opens nothing', fix: 'list at least one port, e.g. [443], or remove the rule' });
  }
  ports.forEach((port, i) => checkPort(scope, `${input}[${i}]`, port));
  return ports as number[];
}

function checkDescription(scope: ValidationScope, input: string, description: unknown): string | undefined {
  if (description === undefined || scope.isUnresolved(description)) return description as string | undefined;
  if (typeof description !== 'string') {
    fail(scope, { code: ErrorCode.INVALID_DESCRIPTION, input, value: description, problem: 'a description must be text', fix: 'write a short sentence, e.g. "VPN users"' });
  }
  if (description.length > DESCRIPTION_MAX) {
    fail(scope, { code: ErrorCode.INVALID_DESCRIPTION, input, value: description, problem: `the description has ${description.length} characters; AWS allows at most ${DESCRIPTION_MAX}`, fix: 'shorten it' });
  }
  if (!DESCRIPTION_ALPHABET.test(description)) {
    const bad = [...new Set([...description].filter((c) => !DESCRIPTION_ALPHABET.test(c)))].join('');
    fail(scope, {
      code: ErrorCode.INVALID_DESCRIPTION,
      input,
      value: description,
      problem: `AWS rejects the character(s) ${JSON.stringify(bad)} in rule descriptions`,
      fix: 'use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
    });
  }
  return description.trim() === '' ? undefined : description;
}

function sortPorts(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

function mergeDescriptions(descriptions: string[]): string | undefined {
  if (descriptions.length === 0) return undefined;
  const joined = [...new Set(descriptions)].sort().join('; ');
  return joined.length <= DESCRIPTION_MAX ? joined : `${joined.slice(0, DESCRIPTION_MAX - 3)}...`;
}

/** Every (CIDR, port) pair a list of normalised rules opens, as `cidr|port` strings. */
export function pairsOf(rules: readonly NormalizedRule[]): Set<string> {
  const pairs = new Set<string>();
  for (const rule of rules) for (const port of rule.ports) pairs.add(`${rule.cidr}|${port}`);
  return pairs;
}

/** True when any rule is open to every address of its family. */
export function opensToAnywhere(rules: readonly NormalizedRule[]): NormalizedRule[] {
  return rules.filter((r) => r.parsed && r.parsed.prefixLength === 0);
}
