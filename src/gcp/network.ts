import { ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkCall, checkDependsOn } from './private/entry';
import { GenericComputeNetwork, GenericComputeRouter, GenericComputeRouterNat, GenericComputeSubnetwork } from './private/generic-google';
import { google } from './private/provider-google';
import { gcpScope } from './private/scope';
import { checkCidr } from '../core/cidr';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { gcpComputeLinkPattern } from '../core/naming';

/** Which of the three network shapes a GCP workspace uses. */
export enum GcpNetworkMode {
  /** New network and subnet; VMs get external IPs (Coiled's default). */
  PUBLIC = 'PUBLIC',
  /** New network and subnet; VMs without external IPs, egress through Cloud NAT. */
  PRIVATE = 'PRIVATE',
  /** Your existing network and subnet. */
  EXISTING = 'EXISTING',
}

/** Options shared by the two network shapes that create a network. */
export interface GcpNewNetworkOptions {
  /**
   * Primary IPv4 range of the regional subnet.
   *
   * @default '10.0.0.0/16'
   */
  readonly subnetCidr?: string;
  /**
   * Turn on VPC flow logs for the subnet (5-second aggregation, 50% sampling, all metadata).
   *
   * @default false (Cloud Logging charges per GB)
   */
  readonly flowLogs?: boolean;
  /**
   * Private Google Access on the subnet: VMs without external IPs reach Google APIs (GCS, BigQuery,
   * Artifact Registry).
   *
   * @default - true in private mode, false in public mode
   */
  readonly privateGoogleAccess?: boolean;
}

/** Options of the public GCP network. */
export interface GcpPublicNetworkOptions extends GcpNewNetworkOptions {}

/** Options of the private GCP network. */
export interface GcpPrivateNetworkOptions extends GcpNewNetworkOptions {
  /**
   * Minimum NAT ports per VM. Dask workers open many parallel connections to object storage; the
   * Cloud NAT default (64) is known to drop packets under such load.
   *
   * @default 256
   */
  readonly natMinPortsPerVm?: number;
  /**
   * Log Cloud NAT translations errors.
   *
   * @default false
   */
  readonly natLogging?: boolean;
  /**
   * Give the scheduler an external IP (`give_scheduler_public_ip`) so clients connect over the
   * internet to the ingress you allow; workers stay private.
   *
   * @default false
   */
  readonly publicScheduler?: boolean;
}

/** Options of an existing GCP network. */
export interface GcpExistingNetworkOptions {
  /** The network, by name or selfLink. */
  readonly network: string;
  /** The subnet, by name or selfLink (in the workspace's region). */
  readonly subnetwork: string;
  /**
   * Whether Coiled gives workers external IPs (`give_workers_public_ip`); false when the subnet
   * has Cloud NAT.
   *
   * @default true
   */
  readonly workersPublicIp?: boolean;
  /**
   * Whether clients reach the scheduler on its external IP (`use_scheduler_public_ip`).
   *
   * @default true
   */
  readonly schedulerPublicIp?: boolean;
}

/** What a GCP network gives the workspace once built. */
export interface GcpNetworkConfig {
  /** The network's shape. */
  readonly mode: GcpNetworkMode;
  /** The network's selfLink. */
  readonly networkSelfLink: string;
  /** The network's name (for firewall rules). */
  readonly networkName: string;
  /** The subnet's selfLink. */
  readonly subnetSelfLink: string;
  /** The subnet's primary range. */
  readonly subnetCidr: string;
  /** Whether workers get external IPs. */
  readonly workersPublicIp: boolean;
  /** Whether clients use the scheduler's external IP. */
  readonly schedulerPublicIp: boolean;
  /** Whether the subnet has Private Google Access. */
  readonly privateGoogleAccess: boolean;
}

/** Everything a network needs from the workspace to build itself. */
export interface GcpNetworkBindOptions {
  /** GCP project. */
  readonly projectId: string;
  /** Region of the subnet. */
  readonly region: string;
  /** Name of a new network. */
  readonly networkName: string;
  /** Name of a new subnet. */
  readonly subnetName: string;
  /** Name of a new Cloud Router. */
  readonly routerName: string;
  /** Name of a new Cloud NAT. */
  readonly natName: string;
  /**
   * Resources (APIs) the network must wait for.
   *
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The network a GCP workspace runs in: a new public one (default), a new private one, or yours.
 */
export abstract class CoiledGcpNetwork {
  /** A new network with one regional subnet; VMs get external IPs. */
  public static publicSubnet(options: GcpPublicNetworkOptions = {}): CoiledGcpNetwork {
    checkCall('gcp.CoiledGcpNetwork.publicSubnet', 'CoiledGcpNetwork.publicSubnet()', [options]);
    return new NewGcpNetwork(GcpNetworkMode.PUBLIC, options, {});
  }

  /** A new network whose VMs have no external IPs; Cloud Router + Cloud NAT give them egress. */
  public static privateSubnet(options: GcpPrivateNetworkOptions = {}): CoiledGcpNetwork {
    checkCall('gcp.CoiledGcpNetwork.privateSubnet', 'CoiledGcpNetwork.privateSubnet()', [options]);
    return new NewGcpNetwork(GcpNetworkMode.PRIVATE, options, options);
  }

  /** Your existing network and subnet (by name or selfLink). */
  public static existing(options: GcpExistingNetworkOptions): CoiledGcpNetwork {
    checkCall('gcp.CoiledGcpNetwork.existing', 'CoiledGcpNetwork.existing()', [options]);
    return new ExistingGcpNetwork(options);
  }

  /** Builds the network's resources (if any) inside `scope`. */
  public abstract bind(scope: Construct, options: GcpNetworkBindOptions): GcpNetworkConfig;
}

export const DEFAULT_GCP_SUBNET_CIDR = '10.0.0.0/16';

class NewGcpNetwork extends CoiledGcpNetwork {
  constructor(
    private readonly mode: GcpNetworkMode,
    private readonly options: GcpNewNetworkOptions,
    private readonly privateOptions: GcpPrivateNetworkOptions,
  ) {
    super();
  }

  public bind(scope: Construct, bind: GcpNetworkBindOptions): GcpNetworkConfig {
    checkCall('gcp.CoiledGcpNetwork.bind', Construct.isConstruct(scope) ? scope.node.path : 'CoiledGcpNetwork.bind()', [scope, bind]);
    checkDependsOn(scope.node.path, 'dependsOn', bind.dependsOn);
    const v = gcpScope(scope);
    const names = bind;
    const isPrivate = this.mode === GcpNetworkMode.PRIVATE;
    const subnetCidr = checkSubnetCidr(v, this.options.subnetCidr ?? DEFAULT_GCP_SUBNET_CIDR);
    const privateGoogleAccess = this.options.privateGoogleAccess ?? isPrivate;
    if (isPrivate && this.options.privateGoogleAccess === false) {
      v.warn('coiled-byoc:noPrivateGoogleAccess', 'privateGoogleAccess is off in private mode: VMs without external IPs then reach Google APIs (GCS, BigQuery, Artifact Registry) only through Cloud NAT.');
    }
    const minPorts = this.privateOptions.natMinPortsPerVm ?? 256;
    const powerOfTwo = Number.isInteger(Math.log2(minPorts));
    if (!Token.isUnresolved(minPorts) && (!Number.isInteger(minPorts) || minPorts < 32 || minPorts > 65536 || !powerOfTwo)) {
      const nearest = Number.isFinite(minPorts) && minPorts > 0 ? 2 ** Math.min(16, Math.max(5, Math.round(Math.log2(minPorts)))) : 256;
      fail(v, { code: ErrorCode.INVALID_NUMBER, input: 'natMinPortsPerVm', value: minPorts, problem: 'Cloud NAT takes a power of two from 32 to 65536', fix: `use e.g. ${nearest}`, suggestion: { input: 'natMinPortsPerVm', value: nearest } });
    }

    const network = new GenericComputeNetwork(scope, 'Network', {
      project: bind.projectId,
      name: names.networkName,
      description: 'Coiled workspace network',
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      dependsOn: bind.dependsOn,
    });
    const subnet = new GenericComputeSubnetwork(scope, 'Subnet', {
      project: bind.projectId,
      region: bind.region,
      name: names.subnetName,
      network: network.id,
      ipCidrRange: subnetCidr,
      privateIpGoogleAccess: privateGoogleAccess,
      logConfig: this.options.flowLogs ? { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' } : undefined,
    });
    if (isPrivate) {
      const router = new GenericComputeRouter(scope, 'Router', {
        project: bind.projectId,
        region: bind.region,
        name: names.routerName,
        network: network.id,
      });
      new GenericComputeRouterNat(scope, 'Nat', {
        project: bind.projectId,
        region: bind.region,
        name: names.natName,
        router: router.name,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
        subnetwork: [{ name: subnet.id, sourceIpRangesToNat: ['ALL_IP_RANGES'] }],
        minPortsPerVm: minPorts,
        logConfig: { enable: this.privateOptions.natLogging ?? false, filter: 'ERRORS_ONLY' },
      });
    }
    return {
      mode: this.mode,
      networkSelfLink: network.selfLink,
      networkName: network.name,
      subnetSelfLink: subnet.selfLink,
      subnetCidr,
      workersPublicIp: !isPrivate,
      schedulerPublicIp: !isPrivate || (this.privateOptions.publicScheduler ?? false),
      privateGoogleAccess,
    };
  }
}

class ExistingGcpNetwork extends CoiledGcpNetwork {
  constructor(private readonly options: GcpExistingNetworkOptions) {
    super();
  }

  public bind(scope: Construct, bind: GcpNetworkBindOptions): GcpNetworkConfig {
    checkCall('gcp.CoiledGcpNetwork.bind', Construct.isConstruct(scope) ? scope.node.path : 'CoiledGcpNetwork.bind()', [scope, bind]);
    const v = gcpScope(scope);
    const network = checkReference(v, 'network', this.options.network, 'networks');
    const subnetwork = checkReference(v, 'subnetwork', this.options.subnetwork, 'subnetworks');
    const subnetRegion = isSelfLink(subnetwork) ? /\/regions\/([a-z0-9-]+)\//.exec(subnetwork)?.[1] : undefined;
    const networkProject = isSelfLink(network) ? projectOf(network) : undefined;
    const subnetProject = isSelfLink(subnetwork) ? projectOf(subnetwork) : undefined;
    if (subnetProject !== undefined && (networkProject ?? (Token.isUnresolved(bind.projectId) ? subnetProject : bind.projectId)) !== subnetProject) {
      fail(v, {
        code: ErrorCode.INVALID_NETWORK,
        input: 'subnetwork',
        value: subnetwork,
        problem: `the subnet is in project ${subnetProject}, but the network is in project ${networkProject ?? bind.projectId}: a subnet belongs to its network's project`,
        fix: `give the network as a selfLink of project ${subnetProject} (a Shared VPC host), or a subnet of project ${networkProject ?? bind.projectId}`,
      });
    }
    if (subnetRegion && !Token.isUnresolved(bind.region) && subnetRegion !== bind.region) {
      fail(v, {
        code: ErrorCode.INVALID_NETWORK,
        input: 'subnetwork',
        value: subnetwork,
        problem: `the subnet is in ${subnetRegion}, but the workspace region is ${bind.region}`,
        fix: `use a subnet in ${bind.region}, or set region: "${subnetRegion}"`,
      });
    }
    // Data sources make `terraform plan` fail at once (not apply, minutes in) when either is missing.
    const net = new google.DataGoogleComputeNetwork(scope, 'Network', isSelfLink(network) ? { name: lastSegment(network), project: projectOf(network) ?? bind.projectId } : { name: network, project: bind.projectId });
    const sub = new google.DataGoogleComputeSubnetwork(scope, 'Subnet', isSelfLink(subnetwork) ? { selfLink: subnetwork } : { name: subnetwork, project: bind.projectId, region: bind.region });
    return {
      mode: GcpNetworkMode.EXISTING,
      networkSelfLink: net.selfLink,
      networkName: net.name,
      subnetSelfLink: sub.selfLink,
      subnetCidr: sub.ipCidrRange,
      workersPublicIp: this.options.workersPublicIp ?? true,
      schedulerPublicIp: this.options.schedulerPublicIp ?? true,
      privateGoogleAccess: false,
    };
  }
}

function checkSubnetCidr(v: ValidationScope, cidr: string): string {
  if (Token.isUnresolved(cidr)) return cidr;
  const check = checkCidr(cidr);
  if (!check.ok) fail(v, { code: ErrorCode.INVALID_CIDR, input: 'subnetCidr', value: cidr, problem: check.problem, fix: check.fix });
  if (check.value.family !== 'ipv4' || check.value.prefixLength < 8 || check.value.prefixLength > 29) {
    fail(v, { code: ErrorCode.INVALID_CIDR, input: 'subnetCidr', value: cidr, problem: 'a subnet primary range is IPv4, from /8 to /29', fix: 'use e.g. "10.0.0.0/16"', suggestion: { input: 'subnetCidr', value: DEFAULT_GCP_SUBNET_CIDR } });
  }
  if (check.hadHostBits) fail(v, { code: ErrorCode.INVALID_CIDR, input: 'subnetCidr', value: cidr, problem: 'the range has host bits set', fix: `write "${check.value.cidr}"`, suggestion: { input: 'subnetCidr', value: check.value.cidr } });
  return check.value.cidr;
}

const NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

function checkReference(v: ValidationScope, input: string, value: string, kind: 'networks' | 'subnetworks'): string {
  if (Token.isUnresolved(value)) return value;
  const selfLink = gcpComputeLinkPattern('(global|regions/[a-z0-9-]+)/(networks|subnetworks)/[a-z]([-a-z0-9]{0,61}[a-z0-9])?');
  if (typeof value !== 'string' || !(NAME.test(value) || (selfLink.test(value) && value.includes(`/${kind}/`)))) {
    fail(v, {
      code: ErrorCode.INVALID_NETWORK,
      input,
      value,
      problem: `not a ${kind === 'networks' ? 'network' : 'subnet'} name (RFC 1035) or selfLink`,
      fix: kind === 'networks' ? 'give the name ("my-network") or "projects/<project>/global/networks/<name>"' : 'give the name ("my-subnet") or "projects/<project>/regions/<region>/subnetworks/<name>"',
    });
  }
  return value;
}

function isSelfLink(value: string): boolean {
  return !Token.isUnresolved(value) && value.includes('/');
}

function lastSegment(value: string): string {
  return value.split('/').pop()!;
}

function projectOf(selfLink: string): string | undefined {
  return /projects\/([^/]+)\//.exec(selfLink)?.[1];
}
