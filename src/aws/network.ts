import { Fn, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { COMPLIANCE_PACKS, acknowledge, acknowledgeRule } from './private/acknowledgements';
import { checkCall } from './private/entry';
import { awsScope } from './private/scope';
import { checkCidr, parseCidr } from '../core/cidr';
import { ErrorCode, ValidationScope, fail } from '../core/errors';
import { ownValue } from '../core/own-key';

/**
 * How the private subnets reach the internet (the Coiled control plane, package indexes, data).
 */
export enum NatType {
  /** Managed NAT gateway(s): highly available, billed per hour and per GB. */
  GATEWAY = 'GATEWAY',
  /** A NAT instance (t4g.nano by default): a fraction of the gateway's price, one instance per NAT. */
  INSTANCE = 'INSTANCE',
  /**
   * No NAT: private subnets are isolated. The VMs must still reach `https://cloud.coiled.io` through a
   * route of your own (transit gateway, proxy); a synth-time warning says so.
   */
  NONE = 'NONE',
}

/** Which of the three network shapes a workspace uses. */
export enum NetworkMode {
  /** New VPC, public subnets, VMs with public IPs (Coiled's own template). */
  PUBLIC = 'PUBLIC',
  /** New VPC, VMs in private subnets behind NAT. */
  PRIVATE = 'PRIVATE',
  /** Your existing VPC and subnets. */
  EXISTING = 'EXISTING',
}

/** Options shared by the two network shapes that create a VPC. */
export interface NewNetworkOptions {
  /**
   * IPv4 CIDR block of the new VPC (/16 to /28).
   *
   * @default '10.0.0.0/16' (Coiled's template default)
   */
  readonly cidr?: string;
  /**
   * How many availability zones get subnets. More zones give Coiled more places to find capacity;
   * public subnets cost nothing. Two is the number every region offers to every account.
   *
   * @default 2
   */
  readonly availabilityZoneCount?: number;
  /**
   * Explicit availability zone names (e.g. `['us-east-1a', 'us-east-1b']`); overrides
   * `availabilityZoneCount`.
   *
   * @default - the first `availabilityZoneCount` zones of the region, resolved at deploy time
   */
  readonly availabilityZones?: string[];
  /**
   * Prefix length of each subnet.
   *
   * @default 20 (a /16 VPC holds 16 such subnets, as in Coiled's template)
   */
  readonly subnetCidrMask?: number;
  /**
   * Record VPC flow logs (all traffic) in a CloudWatch log group.
   *
   * @default false (CloudWatch charges per GB ingested)
   */
  readonly flowLogs?: boolean;
  /**
   * Retention of the flow-log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly flowLogRetention?: logs.RetentionDays;
  /**
   * Strip all rules from the VPC's default security group. Nothing of Coiled's runs in it; closing
   * it needs a Lambda-backed custom resource, hence opt-in.
   *
   * @default false
   */
  readonly restrictDefaultSecurityGroup?: boolean;
}

/** Options of the public network (Coiled's template: public subnets, public IPs). */
export interface PublicNetworkOptions extends NewNetworkOptions {}

/** Options of the private network (VMs in private subnets behind NAT). */
export interface PrivateNetworkOptions extends NewNetworkOptions {
  /**
   * How the private subnets reach the internet.
   *
   * @default NatType.GATEWAY
   */
  readonly natType?: NatType;
  /**
   * One NAT per availability zone instead of one for the whole VPC (zone-failure tolerant; each
   * NAT is billed).
   *
   * @default false
   */
  readonly natPerAz?: boolean;
  /**
   * Instance type of NAT instances (ARM, matching the Amazon Linux 2023 ARM image used).
   *
   * @default t4g.nano
   */
  readonly natInstanceType?: ec2.InstanceType;
  /**
   * Add the free S3 gateway endpoint: S3 traffic stays on AWS's network and off the NAT bill.
   *
   * @default true
   */
  readonly s3GatewayEndpoint?: boolean;
  /**
   * Give NAT instances Elastic IPs so the egress addresses never change (for data sources that
   * allow-list IPs). NAT gateways always have Elastic IPs. The addresses are stack outputs.
   *
   * @default false
   */
  readonly staticEgressIps?: boolean;
  /**
   * Put the scheduler in a public subnet with a public IP (clients connect over the internet to
   * the ingress you allow), workers stay private. When false, clients must reach the scheduler's
   * private address (VPN, peering, Direct Connect): `use_scheduler_public_ip=false`.
   *
   * @default false
   */
  readonly publicScheduler?: boolean;
}

/** Options of an existing ("bring your own") network. */
export interface ExistingNetworkOptions {
  /**
   * Id of the existing VPC (`vpc-...`). Give either this with `subnetIds`, or `vpc`.
   *
   * @default - taken from `vpc`
   */
  readonly vpcId?: string;
  /**
   * Ids of the subnets Coiled may launch VMs into (`subnet-...`).
   *
   * @default - taken from `vpc` and `vpcSubnets`
   */
  readonly subnetIds?: string[];
  /**
   * The existing VPC as a CDK object (`Vpc.fromLookup`, `Vpc.fromVpcAttributes`).
   *
   * @default - built from `vpcId`
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Which subnets of `vpc` to use.
   *
   * @default - the VPC's private subnets, or its public ones if it has none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Subnets for the scheduler, when they differ from the workers' (e.g. a public subnet for the
   * scheduler, private ones for workers).
   *
   * @default - the same subnets as the workers
   */
  readonly schedulerSubnetIds?: string[];
  /**
   * Whether Coiled gives workers public IPs (`give_workers_public_ip`). Say false when the subnets
   * route to a NAT.
   *
   * @default true
   */
  readonly workersPublicIp?: boolean;
  /**
   * Whether clients reach the scheduler on a public IP (`use_scheduler_public_ip`).
   *
   * @default true
   */
  readonly schedulerPublicIp?: boolean;
  /**
   * Use this existing security group for the scheduler instead of creating one. Its rules are
   * yours to manage: the workspace adds none.
   *
   * @default - a scheduler security group is created with the workspace's ingress
   */
  readonly schedulerSecurityGroup?: ec2.ISecurityGroup;
  /**
   * Use this existing security group for all cluster VMs instead of creating one.
   *
   * @default - a cluster security group is created
   */
  readonly clusterSecurityGroup?: ec2.ISecurityGroup;
}

/** What a network gives the workspace once built. */
export interface NetworkConfig {
  /** The network's shape. */
  readonly mode: NetworkMode;
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /** Subnets the scheduler is launched into. */
  readonly schedulerSubnetIds: string[];
  /** Subnets workers are launched into. */
  readonly workerSubnetIds: string[];
  /** Whether workers get public IPs (`give_workers_public_ip`). */
  readonly workersPublicIp: boolean;
  /** Whether clients use the scheduler's public IP (`use_scheduler_public_ip`). */
  readonly schedulerPublicIp: boolean;
  /** Static egress addresses (NAT Elastic IPs). */
  readonly natPublicIps: string[];
  /**
   * An existing scheduler security group to use as-is.
   *
   * @default - none: the workspace creates one
   */
  readonly schedulerSecurityGroup?: ec2.ISecurityGroup;
  /**
   * An existing cluster security group to use as-is.
   *
   * @default - none: the workspace creates one
   */
  readonly clusterSecurityGroup?: ec2.ISecurityGroup;
}

/**
 * The network a workspace runs in: a new public one (default), a new private one, or yours.
 *
 * @example
 * CoiledNetwork.privateSubnets({ natType: NatType.INSTANCE });
 */
export abstract class CoiledNetwork {
  /** A new VPC with one public subnet per availability zone; VMs get public IPs (Coiled's template). */
  public static publicSubnets(options: PublicNetworkOptions = {}): CoiledNetwork {
    checkCall('aws.CoiledNetwork.publicSubnets', 'CoiledNetwork.publicSubnets()', [options]);
    return new NewVpcNetwork(NetworkMode.PUBLIC, options, {});
  }

  /** A new VPC whose VMs sit in private subnets and reach the internet through NAT. */
  public static privateSubnets(options: PrivateNetworkOptions = {}): CoiledNetwork {
    checkCall('aws.CoiledNetwork.privateSubnets', 'CoiledNetwork.privateSubnets()', [options]);
    return new NewVpcNetwork(NetworkMode.PRIVATE, options, options);
  }

  /** Your existing VPC and subnets ("bring your own network"). */
  public static existing(options: ExistingNetworkOptions): CoiledNetwork {
    checkCall('aws.CoiledNetwork.existing', 'CoiledNetwork.existing()', [options]);
    return new ExistingNetwork(options);
  }

  /** Builds the network's resources (if any) inside `scope`. */
  public abstract bind(scope: Construct): NetworkConfig;
}

export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
const DEFAULT_AZ_COUNT = 2;
const DEFAULT_SUBNET_MASK = 20;
const PUBLIC_GROUP = 'Public';
const PRIVATE_GROUP = 'Private';

class NewVpcNetwork extends CoiledNetwork {
  constructor(
    private readonly mode: NetworkMode,
    private readonly options: NewNetworkOptions,
    private readonly privateOptions: PrivateNetworkOptions,
  ) {
    super();
  }

  public bind(scope: Construct): NetworkConfig {
    checkCall('aws.CoiledNetwork.bind', Construct.isConstruct(scope) ? scope.node.path : 'CoiledNetwork.bind()', [scope]);
    const v = awsScope(scope);
    const cidr = this.options.cidr ?? DEFAULT_VPC_CIDR;
    const vpcPrefix = checkVpcCidr(v, cidr);
    const isPrivate = this.mode === NetworkMode.PRIVATE;
    const p = this.privateOptions;
    const natType = isPrivate ? (p.natType ?? NatType.GATEWAY) : NatType.NONE;
    this.checkConflicts(v, natType);
    if (p.natInstanceType !== undefined && !(p.natInstanceType instanceof ec2.InstanceType)) {
      fail(v, { code: ErrorCode.INVALID_TYPE, input: 'natInstanceType', value: p.natInstanceType, problem: 'expected an ec2.InstanceType', fix: 'write new ec2.InstanceType("t4g.nano")' });
    }
    const azs = this.availabilityZones(v, Stack.of(scope).region);
    const publicScheduler = isPrivate ? (p.publicScheduler ?? false) : true;
    const needsPublic = !isPrivate || natType !== NatType.NONE || publicScheduler;
    const groupCount = (needsPublic ? 1 : 0) + (isPrivate ? 1 : 0);
    const given = this.options.subnetCidrMask;
    const mask = subnetMask(v, { cidr, vpcPrefix, given, subnets: azs.length * groupCount, zones: azs.length, groups: groupCount });

    const groups: ec2.SubnetConfiguration[] = [];
    if (needsPublic) {
      // Public subnets auto-assign public IPs only where VMs live in them: in private mode they hold
      // the NAT (which has its own address) and, with publicScheduler, the scheduler.
      groups.push({ name: PUBLIC_GROUP, subnetType: ec2.SubnetType.PUBLIC, cidrMask: mask, mapPublicIpOnLaunch: !isPrivate || publicScheduler });
    }
    if (isPrivate) {
      const subnetType = natType === NatType.NONE ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
      groups.push({ name: PRIVATE_GROUP, subnetType, cidrMask: mask });
    }

    const natCount = natType === NatType.NONE ? 0 : p.natPerAz ? azs.length : 1;
    const natProvider =
      natType === NatType.INSTANCE
        ? ec2.NatProvider.instanceV2({
          instanceType: p.natInstanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.NANO),
          // An SSM-parameter image: resolved at deploy time, no AMI lookup (and no credentials) at synth.
          machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
          // The default opens the NAT to the whole internet; only the VPC may use it.
          defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
          associatePublicIpAddress: true,
        })
        : natType === NatType.GATEWAY
          ? ec2.NatProvider.gateway()
          : undefined;

    const vmSubnetGroup = isPrivate ? PRIVATE_GROUP : PUBLIC_GROUP;
    const vpc = new ec2.Vpc(scope, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones: azs,
      subnetConfiguration: groups,
      natGateways: natCount,
      natGatewayProvider: natProvider,
      natGatewaySubnets: needsPublic && natCount > 0 ? { subnetGroupName: PUBLIC_GROUP } : undefined,
      restrictDefaultSecurityGroup: this.options.restrictDefaultSecurityGroup ?? false,
      gatewayEndpoints:
        isPrivate && (p.s3GatewayEndpoint ?? true)
          ? { S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: groups.map((g) => ({ subnetGroupName: g.name })) } }
          : undefined,
    });

    if (natProvider instanceof ec2.NatInstanceProviderV2) {
      natProvider.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.allTraffic(), 'NAT for the workspace VPC');
      hardenNatInstances(natProvider);
    }
    acknowledgeNetworkDesign(vpc, {
      publicVms: !isPrivate || publicScheduler,
      restrictedDefaultGroup: this.options.restrictDefaultSecurityGroup ?? false,
    });
    const natPublicIps = this.natPublicIps(vpc, natProvider, natType);
    if (natType === NatType.NONE && isPrivate) {
      v.warn(
        'coiled-byoc:noNat',
        'natType NONE: the private subnets have no route to the internet. Coiled VMs must reach https://cloud.coiled.io (443) and your package indexes through a route of your own (transit gateway, proxy), or clusters will not start.',
      );
    }
    if (this.options.flowLogs) {
      const logGroup = new logs.LogGroup(scope, 'FlowLogGroup', {
        retention: this.options.flowLogRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const flowLog = vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup), trafficType: ec2.FlowLogTrafficType.ALL });
      acknowledge(flowLog, COMPLIANCE_PACKS, 'IAMNoInlinePolicy', "CDK's flow-log role: one inline statement that lets VPC Flow Logs write to the flow-log group, nothing else");
    }

    const ids = (group: string) => vpc.selectSubnets({ subnetGroupName: group }).subnetIds;
    return {
      mode: this.mode,
      vpc,
      workerSubnetIds: ids(vmSubnetGroup),
      schedulerSubnetIds: publicScheduler ? ids(PUBLIC_GROUP) : ids(vmSubnetGroup),
      workersPublicIp: !isPrivate,
      schedulerPublicIp: publicScheduler,
      natPublicIps,
    };
  }

  /** Options that contradict each other, or that the chosen NAT would silently ignore. */
  private checkConflicts(v: ValidationScope, natType: NatType): void {
    const o = this.options;
    const p = this.privateOptions;
    if (o.availabilityZones !== undefined && o.availabilityZoneCount !== undefined) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: 'availabilityZoneCount',
        value: o.availabilityZoneCount,
        problem: 'availabilityZones already names the zones, so the count would be ignored',
        fix: 'give one of availabilityZones and availabilityZoneCount',
        suggestion: { input: 'availabilityZoneCount', value: undefined },
      });
    }
    if (o.flowLogRetention !== undefined && !o.flowLogs) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: 'flowLogRetention',
        value: o.flowLogRetention,
        problem: 'flow logs are off (flowLogs is not true), so there is no flow-log group to keep',
        fix: 'set flowLogs: true, or remove flowLogRetention',
        suggestion: { input: 'flowLogs', value: true },
      });
    }
    const natOnly = (input: 'staticEgressIps' | 'natPerAz' | 'natInstanceType', needs: NatType[], why: string) => {
      const value = p[input];
      if (value === undefined || value === false || needs.includes(natType)) return;
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input,
        value: input === 'natInstanceType' ? String(value) : value,
        problem: `natType is ${natType}: ${why}`,
        fix: `remove ${input}, or set natType: NatType.${needs[needs.length - 1]}`,
        suggestion: { input: 'natType', value: needs[needs.length - 1] },
      });
    };
    natOnly('staticEgressIps', [NatType.GATEWAY, NatType.INSTANCE], 'there is no NAT, so there are no egress addresses to make static or allow-list');
    natOnly('natPerAz', [NatType.GATEWAY, NatType.INSTANCE], 'there is no NAT to place in each zone');
    natOnly('natInstanceType', [NatType.INSTANCE], 'only NAT instances have an instance type');
  }

  private availabilityZones(v: ValidationScope, region: string): string[] {
    if (this.options.availabilityZones !== undefined) return checkZones(v, this.options.availabilityZones, region);
    const count = this.options.availabilityZoneCount ?? DEFAULT_AZ_COUNT;
    const known = Token.isUnresolved(region) ? undefined : ownValue(ZONES_PER_REGION, region);
    const max = known ?? MAX_ZONES;
    if (Token.isUnresolved(count)) {
      fail(v, { code: ErrorCode.INVALID_NUMBER, input: 'availabilityZoneCount', value: count, problem: 'the number of zones must be known at synth time: one subnet per zone is created here', fix: 'write the number literally, e.g. 2' });
    }
    if (!Number.isInteger(count) || count < 1 || count > max) {
      fail(v, {
        code: ErrorCode.INVALID_NETWORK,
        input: 'availabilityZoneCount',
        value: count,
        problem: known !== undefined ? `${region} has ${known} availability zones, so the count is a whole number from 1 to ${known}` : `no region has more than ${MAX_ZONES} availability zones, so the count is a whole number from 1 to ${MAX_ZONES}`,
        fix: `use a count from 1 to ${max} (2, the default, deploys in every region)`,
        suggestion: { input: 'availabilityZoneCount', value: Number.isFinite(count) && count > max ? max : DEFAULT_AZ_COUNT },
      });
    }
    if (known === undefined && count > 3) {
      v.warn(
        'coiled-byoc:availabilityZoneCount',
        `availabilityZoneCount is ${count} and the stack's region is not known at synth (environment-agnostic stack): it deploys only in regions where your account sees at least ${count} zones (${Object.entries(ZONES_PER_REGION).filter(([, n]) => n >= count).map(([r]) => r).join(', ') || 'none'}). Give the stack an env with the region, or list availabilityZones.`,
      );
    }
    // Selecting by index from Fn::GetAZs works in every account and region without a context lookup.
    return Array.from({ length: count }, (_, i) => Fn.select(i, Fn.getAzs()));
  }

  private natPublicIps(vpc: ec2.Vpc, provider: ec2.NatProvider | undefined, natType: NatType): string[] {
    if (natType === NatType.GATEWAY) {
      return vpc.publicSubnets.map((s) => s.node.tryFindChild('EIP')).filter((e): e is ec2.CfnEIP => e instanceof ec2.CfnEIP).map((eip) => eip.ref);
    }
    if (natType === NatType.INSTANCE && this.privateOptions.staticEgressIps && provider instanceof ec2.NatInstanceProviderV2) {
      return provider.gatewayInstances.map((instance) => {
        const eip = new ec2.CfnEIP(instance, 'Eip', { domain: 'vpc', instanceId: instance.instanceId });
        Tags.of(eip).add('Name', `${instance.node.path}/Eip`);
        return eip.ref;
      });
    }
    return [];
  }
}

class ExistingNetwork extends CoiledNetwork {
  constructor(private readonly options: ExistingNetworkOptions) {
    super();
  }

  public bind(scope: Construct): NetworkConfig {
    checkCall('aws.CoiledNetwork.bind', Construct.isConstruct(scope) ? scope.node.path : 'CoiledNetwork.bind()', [scope]);
    const v = awsScope(scope);
    const o = this.options;
    if ((o.vpc === undefined) === (o.vpcId === undefined)) {
      fail(v, {
        code: ErrorCode.CONFLICTING_OPTIONS,
        input: 'network',
        value: { vpcId: o.vpcId, vpc: o.vpc ? o.vpc.node.path : undefined },
        problem: o.vpc ? 'both vpc and vpcId are given' : 'an existing network needs the VPC',
        fix: 'give vpcId with subnetIds, or vpc (optionally with vpcSubnets)',
      });
    }
    let vpc: ec2.IVpc;
    let subnetIds: string[];
    if (o.vpc) {
      if (o.subnetIds !== undefined) {
        fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input: 'subnetIds', value: o.subnetIds, problem: 'subnetIds goes with vpcId; with vpc, choose subnets with vpcSubnets', fix: 'use vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds([...])] }' });
      }
      vpc = o.vpc;
      subnetIds = selectSubnets(v, vpc, o.vpcSubnets);
    } else {
      checkId(v, 'vpcId', o.vpcId!, 'vpc');
      if (o.vpcSubnets !== undefined) {
        fail(v, { code: ErrorCode.CONFLICTING_OPTIONS, input: 'vpcSubnets', value: o.vpcSubnets, problem: 'vpcSubnets selects subnets of vpc; with vpcId the subnets are subnetIds, so it would be ignored', fix: 'list the subnets in subnetIds, or give vpc instead of vpcId', suggestion: { input: 'vpcSubnets', value: undefined } });
      }
      subnetIds = o.subnetIds ?? [];
      // Only the id is used (security groups, the control-plane policy). fromVpcAttributes wants at
      // least one zone; the subnets are handed to Coiled by id, not modelled here.
      vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: o.vpcId!, availabilityZones: [Fn.select(0, Fn.getAzs())] });
    }
    checkSubnetList(v, o.vpc ? 'vpcSubnets' : 'subnetIds', subnetIds);
    if (o.schedulerSubnetIds !== undefined) checkSubnetList(v, 'schedulerSubnetIds', o.schedulerSubnetIds);
    return {
      mode: NetworkMode.EXISTING,
      vpc,
      workerSubnetIds: subnetIds,
      schedulerSubnetIds: o.schedulerSubnetIds ?? subnetIds,
      workersPublicIp: o.workersPublicIp ?? true,
      schedulerPublicIp: o.schedulerPublicIp ?? true,
      natPublicIps: [],
      schedulerSecurityGroup: o.schedulerSecurityGroup,
      clusterSecurityGroup: o.clusterSecurityGroup,
    };
  }
}

/** The selection's subnets; a selection the VPC cannot satisfy is reported as ours, naming vpcSubnets. */
function selectSubnets(v: ValidationScope, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): string[] {
  try {
    return vpc.selectSubnets(selection).subnetIds;
  } catch (e) {
    return fail(v, {
      code: ErrorCode.INVALID_NETWORK,
      input: 'vpcSubnets',
      value: selection,
      problem: `the VPC has no subnets matching it (${String((e as Error).message).split('\n')[0]})`,
      fix: 'select subnets the VPC has, e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, or list subnetIds with vpcId',
    });
  }
}

/** Encrypted root volume and IMDSv2 for NAT instances; acknowledgements for what a NAT instance is. */
function hardenNatInstances(provider: ec2.NatInstanceProviderV2): void {
  for (const instance of provider.gatewayInstances) {
    const cfn = instance.node.defaultChild as ec2.CfnInstance;
    cfn.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled' };
    // Amazon Linux 2023's root device; size left to the image.
    cfn.blockDeviceMappings = [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true } }];
    const cattle = 'The NAT instance is replaced, not repaired: CloudFormation must be able to terminate it, and basic monitoring (free) suffices for a NAT';
    acknowledgeRule(instance, 'AwsSolutions-EC28', cattle);
    acknowledgeRule(instance, 'AwsSolutions-EC29', cattle);
    acknowledgeRule(instance, 'HIPAA.Security-EC2InstanceDetailedMonitoringEnabled', cattle);
    acknowledge(instance, COMPLIANCE_PACKS, 'EC2InstanceNoPublicIp', 'A NAT instance needs a public address to forward the private subnets\' traffic to the internet');
    acknowledge(instance, COMPLIANCE_PACKS, 'EC2InstancesInVPC', "It is in the VPC: its network interface names the public subnet (the rule only reads the instance's SubnetId)");
  }
  acknowledge(provider.securityGroup, COMPLIANCE_PACKS, 'EC2RestrictedCommonPorts', "The NAT group's only ingress is all traffic from the VPC's own block, nothing from the internet");
}

/** Findings inherent to the network shapes Coiled uses. */
function acknowledgeNetworkDesign(vpc: ec2.Vpc, options: { publicVms: boolean; restrictedDefaultGroup: boolean }): void {
  if (vpc.publicSubnets.length > 0) {
    acknowledge(
      vpc,
      COMPLIANCE_PACKS,
      'VPCNoUnrestrictedRouteToIGW',
      options.publicVms
        ? "Public subnets route to the internet gateway by definition: Coiled's VMs with public IPs reach the Coiled control plane without NAT (Coiled's own network design)"
        : 'Only the public subnets holding the NAT route to the internet gateway; the VMs sit in private subnets',
    );
  }
  if (options.publicVms) {
    acknowledge(vpc, COMPLIANCE_PACKS, 'VPCSubnetAutoAssignPublicIpDisabled', "Coiled's default network: its VMs get public IPs so they reach the Coiled control plane without NAT. CoiledNetwork.privateSubnets() avoids it");
  }
  if (!options.restrictedDefaultGroup) {
    acknowledge(
      vpc,
      COMPLIANCE_PACKS,
      'VPCDefaultSecurityGroupClosed',
      'Nothing uses the default security group: Coiled launches every VM with the scheduler and cluster groups. Closing it needs a Lambda-backed custom resource (restrictDefaultSecurityGroup: true)',
    );
  }
}

function checkVpcCidr(v: ValidationScope, cidr: string): number {
  if (Token.isUnresolved(cidr)) {
    fail(v, { code: ErrorCode.INVALID_CIDR, input: 'cidr', value: cidr, problem: 'the VPC block must be known at synth time: it is divided into subnets here', fix: 'write the block literally, e.g. "10.0.0.0/16"' });
  }
  const check = checkCidr(cidr);
  if (!check.ok) fail(v, { code: ErrorCode.INVALID_CIDR, input: 'cidr', value: cidr, problem: check.problem, fix: check.fix });
  if (check.value.family !== 'ipv4' || check.value.prefixLength < 16 || check.value.prefixLength > 28) {
    fail(v, { code: ErrorCode.INVALID_CIDR, input: 'cidr', value: cidr, problem: 'a VPC block must be IPv4, from /16 to /28', fix: 'use e.g. "10.0.0.0/16"', suggestion: { input: 'cidr', value: DEFAULT_VPC_CIDR } });
  }
  if (check.hadHostBits) {
    fail(v, { code: ErrorCode.INVALID_CIDR, input: 'cidr', value: cidr, problem: 'the VPC block has host bits set', fix: `write "${check.value.cidr}"`, suggestion: { input: 'cidr', value: check.value.cidr } });
  }
  return check.value.prefixLength;
}

/**
 * Availability zones per region as offered to accounts (AWS "Regions and Zones" page, 2025): the
 * most zones `Fn::GetAZs` can return there. Regions not listed are checked against MAX_ZONES only.
 */
const ZONES_PER_REGION: Record<string, number> = {
  'us-east-1': 6,
  'us-east-2': 3,
  'us-west-1': 3,
  'us-west-2': 4,
  'ca-central-1': 3,
  'ca-west-1': 3,
  'sa-east-1': 3,
  'mx-central-1': 3,
  'eu-west-1': 3,
  'eu-west-2': 3,
  'eu-west-3': 3,
  'eu-central-1': 3,
  'eu-central-2': 3,
  'eu-north-1': 3,
  'eu-south-1': 3,
  'eu-south-2': 3,
  'ap-northeast-1': 4,
  'ap-northeast-2': 4,
  'ap-northeast-3': 3,
  'ap-southeast-1': 3,
  'ap-southeast-2': 3,
  'ap-southeast-3': 3,
  'ap-southeast-4': 3,
  'ap-southeast-5': 3,
  'ap-southeast-7': 3,
  'ap-south-1': 3,
  'ap-south-2': 3,
  'ap-east-1': 3,
  'af-south-1': 3,
  'me-south-1': 3,
  'me-central-1': 3,
  'il-central-1': 3,
};
/** The most zones any region has (us-east-1). */
const MAX_ZONES = 6;

/** Zone names: each once, all of one region (the stack's, when it is known), not zone ids. */
function checkZones(v: ValidationScope, zones: string[], region: string): string[] {
  if (Token.isUnresolved(zones)) return zones;
  if (zones.length === 0) {
    fail(v, { code: ErrorCode.EMPTY_LIST, input: 'availabilityZones', value: zones, problem: 'no availability zones given', fix: 'list at least one zone, or leave it out and set availabilityZoneCount', suggestion: { input: 'availabilityZones', value: undefined } });
  }
  const seen = new Set<string>();
  const regions = new Set<string>();
  zones.forEach((zone, i) => {
    const input = `availabilityZones[${i}]`;
    if (Token.isUnresolved(zone)) return;
    const zoneRegion = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d+)(?:[a-z]|-[a-z0-9]+-\d+[a-z])$/.exec(zone)?.[1];
    if (zoneRegion === undefined) {
      const isId = /^[a-z]{3,}\d+-az\d+$/.test(zone);
      fail(v, {
        code: ErrorCode.INVALID_NETWORK,
        input,
        value: zone,
        problem: isId ? 'that is a zone id; subnets are placed by zone name' : 'not an availability zone name (a region followed by a letter, e.g. us-east-1a)',
        fix: isId ? 'use the zone name shown next to the id in the EC2 console (e.g. "us-east-1a")' : 'use names such as "us-east-1a", "us-east-1b"',
      });
    }
    if (seen.has(zone)) {
      fail(v, { code: ErrorCode.INVALID_NETWORK, input, value: zone, problem: `${zone} is listed twice: two subnets of one group cannot share a zone`, fix: 'list each zone once', suggestion: { input: 'availabilityZones', value: [...new Set(zones)] } });
    }
    seen.add(zone);
    regions.add(zoneRegion);
    if (!Token.isUnresolved(region) && zoneRegion !== region) {
      fail(v, { code: ErrorCode.INVALID_NETWORK, input, value: zone, problem: `${zone} is a zone of ${zoneRegion}, but the stack deploys to ${region}`, fix: `use zones of ${region} (e.g. "${region}a")` });
    }
  });
  if (regions.size > 1) {
    fail(v, { code: ErrorCode.INVALID_NETWORK, input: 'availabilityZones', value: zones, problem: `the zones belong to ${regions.size} regions (${[...regions].join(', ')}); a VPC lives in one`, fix: 'list zones of the region the stack deploys to' });
  }
  return zones;
}

/**
 * The subnets' prefix length: the one given, checked; or 20 (Coiled's template) when the VPC holds
 * enough /20s, else the largest that fits every zone and group. Errors name the input the user
 * wrote: the VPC block when it is too small for any mask.
 */
interface SubnetLayout {
  readonly cidr: string;
  readonly vpcPrefix: number;
  /** The subnetCidrMask the user gave. */
  readonly given?: number;
  readonly subnets: number;
  readonly zones: number;
  readonly groups: number;
}

function subnetMask(v: ValidationScope, o: SubnetLayout): number | undefined {
  const bitsNeeded = Math.ceil(Math.log2(Math.max(1, o.subnets)));
  const fitting = o.vpcPrefix + bitsNeeded;
  const largerVpc = () => {
    const prefix = MAX_SUBNET_PREFIX - bitsNeeded;
    const start = parseCidr(`${o.cidr.split('/')[0]}/${Math.max(16, prefix)}`).cidr;
    return { prefix, start };
  };
  const tooSmall = (input: 'cidr' | 'subnetCidrMask', value: unknown): never => {
    const bigger = largerVpc();
    return fail(v, {
      code: ErrorCode.INVALID_NETWORK,
      input,
      value,
      problem: `${o.zones} zone(s) x ${o.groups} subnet group(s) need ${o.subnets} subnets of at least /${MAX_SUBNET_PREFIX}, but ${o.cidr} holds ${2 ** (MAX_SUBNET_PREFIX - o.vpcPrefix)}`,
      fix: `use a larger VPC block (/${bigger.prefix} or larger, e.g. "${bigger.start}"), or fewer zones`,
      suggestion: bigger.prefix >= 16 ? { input: 'cidr', value: bigger.start } : undefined,
    });
  };
  if (o.given === undefined) {
    const mask = Math.max(DEFAULT_SUBNET_MASK, fitting);
    if (mask > MAX_SUBNET_PREFIX) tooSmall('cidr', o.cidr);
    return mask;
  }
  if (Token.isUnresolved(o.given)) return undefined;
  const mask = o.given;
  if (!Number.isInteger(mask) || mask < o.vpcPrefix || mask > MAX_SUBNET_PREFIX) {
    if (fitting > MAX_SUBNET_PREFIX) tooSmall('subnetCidrMask', mask);
    fail(v, {
      code: ErrorCode.INVALID_NUMBER,
      input: 'subnetCidrMask',
      value: mask,
      problem: `a subnet of ${o.cidr} has a prefix length from ${o.vpcPrefix} to ${MAX_SUBNET_PREFIX}`,
      fix: `use a value from ${fitting} to ${MAX_SUBNET_PREFIX}`,
      suggestion: { input: 'subnetCidrMask', value: Math.max(fitting, Math.min(DEFAULT_SUBNET_MASK, MAX_SUBNET_PREFIX)) },
    });
  }
  if (mask < fitting) {
    if (fitting > MAX_SUBNET_PREFIX) tooSmall('subnetCidrMask', mask);
    fail(v, {
      code: ErrorCode.INVALID_NETWORK,
      input: 'subnetCidrMask',
      value: mask,
      problem: `${o.zones} zone(s) x ${o.groups} subnet group(s) need ${o.subnets} /${mask} subnets, but ${o.cidr} holds ${2 ** (mask - o.vpcPrefix)}`,
      fix: `use a subnetCidrMask from ${fitting} to ${MAX_SUBNET_PREFIX} (smaller subnets), fewer zones, or a larger VPC cidr`,
      suggestion: { input: 'subnetCidrMask', value: fitting },
    });
  }
  return mask;
}

/** The smallest subnet AWS allows is a /28. */
const MAX_SUBNET_PREFIX = 28;

function checkSubnetList(v: ValidationScope, input: string, ids: string[]): void {
  if (Token.isUnresolved(ids)) return;
  if (ids.length === 0) {
    fail(v, {
      code: ErrorCode.EMPTY_LIST,
      input,
      value: ids,
      problem: input === 'schedulerSubnetIds' ? 'an empty list would hand Coiled no scheduler subnet at all' : 'Coiled needs at least one subnet to launch VMs into',
      fix: input === 'schedulerSubnetIds' ? 'list the scheduler subnets, or leave schedulerSubnetIds out to use the worker subnets' : 'list the subnet ids, e.g. ["subnet-0123456789abcdef0"]',
      suggestion: input === 'schedulerSubnetIds' ? { input, value: undefined } : undefined,
    });
  }
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (input !== 'vpcSubnets') checkId(v, `${input}[${i}]`, id, 'subnet');
    if (!Token.isUnresolved(id) && seen.has(id)) {
      fail(v, { code: ErrorCode.INVALID_NETWORK, input: `${input}[${i}]`, value: id, problem: `${id} is listed twice`, fix: 'list each subnet once', suggestion: { input, value: [...new Set(ids)] } });
    }
    seen.add(id);
  });
}

function checkId(v: ValidationScope, input: string, value: string, kind: 'vpc' | 'subnet'): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || !new RegExp(`^${kind}-[0-9a-f]{8}([0-9a-f]{9})?$`).test(value)) {
    fail(v, {
      code: ErrorCode.INVALID_NETWORK,
      input,
      value,
      problem: `not a ${kind === 'vpc' ? 'VPC' : 'subnet'} id (${kind}- followed by 8 or 17 hex digits)`,
      fix: `copy the id from the VPC console, e.g. "${kind}-0123456789abcdef0"`,
    });
  }
}
