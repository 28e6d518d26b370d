import { TerraformStack } from 'cdktf';
import { checkCall } from './private/entry';
import { GCP_RULES, GcpChecksOptions, GcpFinding } from './rules';

/**
 * A small rule pack for synthesized Terraform JSON, cdk-nag style: no primitive roles; no
 * service-account key or secret version in state unless opted in; no SSH/RDP from anywhere; Private Google Access behind
 * Cloud NAT; APIs kept on destroy; additive IAM only. Usable on any CDKTF Google stack.
 *
 * @example
 * const findings = new CoiledGcpChecks().checkStack(stack);
 */
export class CoiledGcpChecks {
  private readonly options: GcpChecksOptions;

  constructor(options: GcpChecksOptions = {}) {
    checkCall('gcp.CoiledGcpChecks.new', 'CoiledGcpChecks', [options]);
    this.options = options;
  }

  /** Findings in a synthesized stack's Terraform JSON (`cdk.tf.json`, or `stack.toTerraform()`). */
  public check(terraform: any): GcpFinding[] {
    return GCP_RULES.flatMap((rule) => rule.check(terraform, this.options));
  }

  /** Findings in a CDKTF stack. */
  public checkStack(stack: TerraformStack): GcpFinding[] {
    checkCall('gcp.CoiledGcpChecks.checkStack', 'CoiledGcpChecks.checkStack()', [stack]);
    return this.check(stack.toTerraform());
  }
}
