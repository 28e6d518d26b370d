/**
 * Coiled's firewall shape, `{ports, cidr}`, its presets, and its normalisation.
 *
 * The shape is exactly Coiled's `FirewallOptions` (coiled-contract §5.1), so a `coiled.yaml`
 * `ingress:` list pastes in unchanged. Ingress rules apply to the scheduler only; workers accept
 * traffic from cluster members alone (coiled-contract §6, "SSH" paragraph).
 */
import { checkArguments } from './api-check';
import { AddressFamily, ParsedCidr, compareCidrs, normalizeCidr } from './cidr';
import { ErrorCode, ValidationScope, fail, plainScope } from './errors';
import { ownValue } from './own-key';
import { SchedulerPorts, checkPort } from './ports';

/** An IP address family, for CIDR blocks only known at deploy time. */
export enum IpFamily {
  /** IPv4 (`10.0.0.0/8`). */
  IPV4 = 'IPV4',
  /** IPv6 (`2001:db8::/32`). */
  IPV6 = 'IPV6',
}

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
   * The address family of `cidr`. Required when `cidr` is a token (a value only known at
   * deploy time, e.g. an SSM parameter or another stack's output): AWS writes IPv4 and IPv6 sources
   * into different fields and GCP cannot mix them in one rule, so the library will not guess.
   * For a literal block it is read from the block (and checked when given).
   *
   * @default - read from `cidr`
   */
  readonly cidrFamily?: IpFamily;
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
   * The address family of `cidr`. Required when `cidr` is a token (a value only known at
   * deploy time, e.g. an SSM parameter or another stack's output): AWS writes IPv4 and IPv6 sources
   * into different fields and GCP cannot mix them in one rule, so the library will not guess.
   * For a literal block it is read from the block (and checked when given).
   *
   * @default - read from `cidr`
   */
  readonly cidrFamily?: IpFamily;
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
    checkPreset('coiledDefault', cidr);
    return { ports: [SchedulerPorts.COILED_DEFAULT], cidr, description: 'Dask client and HTTPS dashboard to scheduler' };
  }

  /** The classic Dask ports 8786 (scheduler) and 8787 (dashboard) from `cidr`. */
  public static classicDask(cidr: string): IngressRule {
    checkPreset('classicDask', cidr);
    return { ports: [SchedulerPorts.DASK_SCHEDULER, SchedulerPorts.DASK_DASHBOARD], cidr, description: 'Classic Dask scheduler and dashboard' };
  }

  /** SSH (22) to the scheduler from `cidr` (opt-in; keep it narrow). */
  public static ssh(cidr: string): IngressRule {
    checkPreset('ssh', cidr);
    return { ports: [SchedulerPorts.SSH], cidr, description: 'SSH to scheduler' };
  }

  /** Spark Connect (15003) from `cidr` (opt-in). */
  public static sparkConnect(cidr: string): IngressRule {
    checkPreset('sparkConnect', cidr);
    return { ports: [SchedulerPorts.SPARK_CONNECT], cidr, description: 'Spark Connect to scheduler' };
  }

  /** Jupyter (8888) from `cidr` (opt-in). */
  public static jupyter(cidr: string): IngressRule {
    checkPreset('jupyter', cidr);
    return { ports: [SchedulerPorts.JUPYTER], cidr, description: 'Jupyter on scheduler' };
  }

  /** What Coiled's Terraform template opens: 22, 80, 443, 8786, 8787 (from `cidr`). */
  public static terraformTemplateParity(cidr: string): IngressRule {
    checkPreset('terraformTemplateParity', cidr);
    return {
      ports: [SchedulerPorts.SSH, SchedulerPorts.HTTP, SchedulerPorts.COILED_DEFAULT, SchedulerPorts.DASK_SCHEDULER, SchedulerPorts.DASK_DASHBOARD],
      cidr,
      description: 'Coiled Terraform template parity',
    };
  }
}

/** Presets run outside any construct: only the argument's type is checked here, the block later. */
function checkPreset(name: string, cidr: unknown): void {
  checkArguments(plainScope(`Ingress.${name}()`), `Ingress.${name}`, [cidr]);
}

/** A rule after validation and normalisation. */
export interface NormalizedRule {
  /** Canonical network block, or the token text when the block is only known at deploy time. */
  readonly cidr: string;
  /** Address family (declared with `cidrFamily` for a token). */
  readonly family: AddressFamily | 'unresolved';
  /** Parsed block (absent for tokens). */
  readonly parsed?: ParsedCidr;
  /** Sorted, de-duplicated ports. */
  readonly ports: number[];
  /** Merged description. */
  readonly description?: string;
}

const DESCRIPTION_MAX = 255;

/**
 * Validates and normalises a list of `{ports, cidr}` rules.
 *
 * - every CIDR is parsed and reduced to its network block (a warning names both forms);
 * - ports are whole numbers 1-65535, de-duplicated and sorted;
 * - rules for the same block are merged (their ports united, descriptions joined);
 * - the result is sorted IPv4 first, by address, so output never churns with input order.
 *
 * A token CIDR must say its family (`cidrFamily`); token rules keep their input order after the
 * resolved rules. Linear in the number of rules (plus sorting).
 */
export function normalizeRules(scope: ValidationScope, input: string, rules: unknown): NormalizedRule[] {
  if (!Array.isArray(rules)) {
    fail(scope, {
      code: ErrorCode.INVALID_TYPE,
      input,
      value: rules,
      problem: 'expected a list of {ports, cidr} rules known at synth time',
      fix: `write ${input}: [{ ports: [443], cidr: "10.0.0.0/16" }]`,
      suggestion: rules !== null && typeof rules === 'object' && !scope.isUnresolved(rules) ? { input, value: [rules] } : undefined,
    });
  }
  const byCidr = new Map<string, { parsed: ParsedCidr; ports: Set<number>; descriptions: Set<string> }>();
  const unresolved = new Map<string, { cidr: string; family: AddressFamily; ports: Set<number>; descriptions: Set<string> }>();

  const ruleKeys = new Set(['ports', 'cidr', 'cidrFamily', 'description']);
  for (let index = 0; index < rules.length; index++) {
    const at = `${input}[${index}]`;
    if (!(index in rules)) {
      fail(scope, { code: ErrorCode.INVALID_TYPE, input: at, value: rules, problem: `the list has a hole at index ${index} (a sparse array): a hole is no rule at all`, fix: 'list only real rules', suggestion: { input, value: rules.filter(() => true) } });
    }
    const rule: unknown = rules[index];
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
      fail(scope, { code: ErrorCode.INVALID_TYPE, input: at, value: rule, problem: 'a rule must be an object with ports and cidr', fix: 'write { ports: [443], cidr: "10.0.0.0/16" }' });
    }
    const unknownKeys = Object.keys(rule).filter((k) => !ruleKeys.has(k) && (rule as Record<string, unknown>)[k] !== undefined);
    if (unknownKeys.length > 0) {
      fail(scope, {
        code: ErrorCode.UNKNOWN_OPTION,
        input: `${at}.${unknownKeys[0]}`,
        value: rule,
        problem: `unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}; a rule has exactly ports, cidr, and optionally cidrFamily and description`,
        fix: 'give one CIDR per rule (repeat the rule for more blocks) and a list of ports',
      });
    }
    const { ports, cidr, cidrFamily, description } = rule as { ports?: unknown; cidr?: unknown; cidrFamily?: unknown; description?: unknown };
    const portList = checkPortList(scope, `${at}.ports`, ports);
    const checkedDescription = checkDescription(scope, `${at}.description`, description);
    const declared = checkFamily(scope, `${at}.cidrFamily`, cidrFamily);

    if (scope.isUnresolved(cidr)) {
      if (declared === undefined) {
        fail(scope, {
          code: ErrorCode.UNKNOWN_ADDRESS_FAMILY,
          input: `${at}.cidr`,
          value: cidr,
          problem: 'the block is only known at deploy time, so its address family is unknown: AWS writes IPv4 and IPv6 sources into different fields and GCP cannot mix them in one rule',
          fix: `say which it is: add cidrFamily: IpFamily.IPV4 (or IpFamily.IPV6) to ${at}`,
          suggestion: { input: `${at}.cidrFamily`, value: IpFamily.IPV4 },
        });
      }
      const key = `${declared}|${String(cidr)}`;
      const entry = unresolved.get(key) ?? { cidr: String(cidr), family: declared, ports: new Set<number>(), descriptions: new Set<string>() };
      for (const p of portList) entry.ports.add(p);
      if (checkedDescription) entry.descriptions.add(checkedDescription);
      unresolved.set(key, entry);
      continue;
    }
    const parsed = normalizeCidr(scope, `${at}.cidr`, cidr);
    if (declared !== undefined && declared !== parsed.family) {
      fail(scope, {
        code: ErrorCode.INVALID_CIDR,
        input: `${at}.cidrFamily`,
        value: cidrFamily,
        problem: `${JSON.stringify(cidr)} is an ${parsed.family === 'ipv4' ? 'IPv4' : 'IPv6'} block`,
        fix: 'leave cidrFamily out for a literal block (it is read from the block)',
        suggestion: { input: `${at}.cidrFamily`, value: undefined },
      });
    }
    const entry = byCidr.get(parsed.cidr) ?? { parsed, ports: new Set<number>(), descriptions: new Set<string>() };
    for (const p of portList) entry.ports.add(p);
    if (checkedDescription) entry.descriptions.add(checkedDescription);
    byCidr.set(parsed.cidr, entry);
  }

  const resolved = [...byCidr.values()]
    .sort((a, b) => compareCidrs(a.parsed, b.parsed))
    .map(({ parsed, ports, descriptions }) => ({
      cidr: parsed.cidr,
      family: parsed.family,
      parsed,
      ports: sortPorts([...ports]),
      description: mergeDescriptions([...descriptions]),
    }));
  const tokens = [...unresolved.values()].map((t) => ({
    cidr: t.cidr,
    family: t.family,
    ports: sortPorts([...t.ports]),
    description: mergeDescriptions([...t.descriptions]),
  }));
  return [...resolved, ...tokens];
}

function checkFamily(scope: ValidationScope, input: string, value: unknown): AddressFamily | undefined {
  if (value === undefined) return undefined;
  const familyOf: Record<string, AddressFamily> = { [IpFamily.IPV4]: 'ipv4', [IpFamily.IPV6]: 'ipv6' };
  const family = typeof value === 'string' ? ownValue(familyOf, value) : undefined;
  if (family === undefined) {
    const match = typeof value === 'string' ? Object.values(IpFamily).find((f) => f.toLowerCase() === value.trim().toLowerCase()) : undefined;
    fail(scope, {
      code: ErrorCode.INVALID_ENUM_VALUE,
      input,
      value,
      problem: 'not a member of IpFamily; it is IpFamily.IPV4 or IpFamily.IPV6',
      fix: match ? `use IpFamily.${match} ("${match}")` : 'use IpFamily.IPV4 or IpFamily.IPV6',
      suggestion: match ? { input, value: match } : undefined,
    });
  }
  return family;
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
      suggestion: typeof ports === 'number' && Number.isInteger(ports) && ports >= 1 && ports <= 65535 ? { input, value: [ports] } : undefined,
    });
  }
  if (ports.length === 0) {
    fail(scope, { code: ErrorCode.EMPTY_PORTS, input, value: ports, problem: 'a rule with no ports opens nothing', fix: 'list at least one port, e.g. [443], or remove the rule', suggestion: { input, value: [443] } });
  }
  for (let i = 0; i < ports.length; i++) {
    if (!(i in ports)) {
      fail(scope, { code: ErrorCode.INVALID_TYPE, input: `${input}[${i}]`, value: ports, problem: `the list has a hole at index ${i} (a sparse array): a hole is no port at all`, fix: 'list only real ports', suggestion: ports.some((_, j) => j in ports) ? { input, value: ports.filter(() => true) } : { input, value: [443] } });
    }
    checkPort(scope, `${input}[${i}]`, ports[i]);
  }
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
  // AWS security-group rule descriptions accept only this alphabet; GCP accepts any text. One list
  // must work on both clouds, so the stricter alphabet applies.
  const alphabet = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
  if (!alphabet.test(description)) {
    const bad = [...new Set([...description].filter((c) => !alphabet.test(c)))].join('');
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

