import { EgressRule, IngressRule } from './ingress';
import { WorkerPorts } from './ports';

/**
 * The firewall settings of a workspace, the same on both clouds: the same values mean the same
 * (port, CIDR) pairs on AWS security groups and GCP firewall rules.
 */
export interface WorkspaceFirewallOptions {
  /**
   * Scheduler ingress, in Coiled's `{ports, cidr}` shape: paste your `coiled.yaml` `ingress` list.
   * Applies to the scheduler only; workers accept traffic from cluster members alone.
   *
   * @default Ingress.defaults() - 443, 8786 and 8787 from 0.0.0.0/0, as Coiled does, with a warning
   */
  readonly ingress?: IngressRule[];
  /**
   * The port the scheduler listens on for Dask comms (Coiled's `scheduler_port`); workers connect
   * to it.
   *
   * @default 443
   */
  readonly schedulerPort?: number;
  /**
   * Narrow intra-cluster traffic to TCP on the scheduler port and these fixed nanny/worker ports
   * (set the same ports in Coiled's `worker_options`).
   *
   * @default - all traffic between cluster members (Coiled's requirement)
   */
  readonly workerPorts?: WorkerPorts;
  /**
   * Restrict egress to HTTPS (443) anywhere, traffic within the cluster, and `dataSources`.
   *
   * @default false - all egress, as Coiled requires for package installs and data
   */
  readonly restrictEgress?: boolean;
  /**
   * Data sources the VMs may reach when `restrictEgress` is true.
   *
   * @default - none beyond HTTPS
   */
  readonly dataSources?: EgressRule[];
}
