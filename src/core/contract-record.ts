/**
 * The record of a workspace's network configuration that its template carries (on the cluster
 * security group / internal firewall rule), so that `coiled-byoc analyze` can check the contract
 * from the file alone. Kept apart from flow-contract.ts so that building a workspace does not load
 * the analyzer.
 */
import { NormalizedRule } from './ingress';
import { WorkspaceNetworkModel } from './network-paths';

/** The key under which a workspace's resources carry their coiled-byoc record. */
export const CONTRACT_METADATA_KEY = 'coiled-byoc';
export const CONTRACT_VERSION = 1;

/** What a workspace writes on its cluster security group / internal firewall rule. */
export interface ContractRecord {
  readonly version: number;
  readonly workspace: string;
  readonly ingress: Array<{ ports: number[]; cidr: string }>;
  readonly schedulerPort: number;
  readonly workerPorts?: { nannyPort: number; workerPort: number };
  /** `all`, or the data sources of restricted egress. */
  readonly egress: 'all' | Array<{ ports: number[]; cidr: string }>;
  readonly workersPublicIp: boolean;
  readonly schedulerPublicIp: boolean;
}

/** The record of a workspace's network configuration, to be written into its template. */
export function contractRecord(workspace: string, model: WorkspaceNetworkModel): ContractRecord {
  const rules = (list: readonly NormalizedRule[]) => list.map((r) => ({ ports: [...r.ports], cidr: r.cidr }));
  return {
    version: CONTRACT_VERSION,
    workspace,
    ingress: rules(model.ingress),
    schedulerPort: model.schedulerPort,
    ...(model.workerPorts ? { workerPorts: { nannyPort: model.workerPorts.nannyPort, workerPort: model.workerPorts.workerPort } } : {}),
    egress: model.restrictedEgress ? rules(model.restrictedEgress) : 'all',
    workersPublicIp: model.workersPublicIp,
    schedulerPublicIp: model.schedulerPublicIp,
  };
}

