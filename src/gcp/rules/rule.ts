/** A finding of a GCP rule on synthesized Terraform JSON. */
export interface GcpFinding {
  /** The rule that found it. */
  readonly ruleId: string;
  /** The resource, as a Terraform address (`google_compute_firewall.name`). */
  readonly resource: string;
  /** What is wrong. */
  readonly message: string;
}

/** Options of the GCP checks. */
export interface GcpChecksOptions {
  /**
   * Service-account keys are allowed (you opted in with `createServiceAccountKey`).
   *
   * @default false
   */
  readonly allowServiceAccountKeys?: boolean;
  /**
   * Secret versions in Terraform are allowed (you opted in with a secret's `allowPlaintextValue`).
   *
   * @default false
   */
  readonly allowSecretVersionsInState?: boolean;
}

/** One rule: a pure function of the synthesized Terraform JSON. */
export interface IGcpRule {
  /** Stable id, e.g. `GCP-NoPrimitiveRoles`. */
  readonly id: string;
  /** What the rule requires. */
  readonly description: string;
  /** Findings in a synthesized stack (`stack.toTerraform()` or the `cdk.tf.json` file). */
  check(terraform: any, options: GcpChecksOptions): GcpFinding[];
}

/** Every resource of a Terraform type as [address, config] pairs. */
export function resourcesOf(terraform: any, type: string): Array<[string, any]> {
  return resourcesMatching(terraform, new RegExp(`^${type}$`));
}

/** Every resource whose Terraform type matches `pattern`, as [address, config] pairs. */
export function resourcesMatching(terraform: any, pattern: RegExp): Array<[string, any]> {
  return Object.entries<any>(terraform?.resource ?? {})
    .filter(([type]) => pattern.test(type))
    .flatMap(([type, byName]) => Object.entries<any>(byName).map(([name, config]): [string, any] => [`${type}.${name}`, config]));
}
