/**
 * The one price table behind the fixed monthly cost of each example.
 *
 * List prices, on-demand, AWS us-east-1 and Google Cloud us-east1, in USD, as published on the
 * providers' pricing pages (Amazon VPC pricing, EC2 on-demand pricing, AWS KMS pricing, AWS Secrets
 * Manager pricing; Cloud NAT pricing, Secret Manager pricing) as of 2025-06. They could not be re-checked on the day of writing (no internet access on
 * the build machines): check the pages before you budget. "Fixed" means what the stack costs with
 * no cluster running; traffic (per GB) and the clusters themselves are extra.
 */
export const PRICES = {
  asOf: '2025-06',
  source: 'aws.amazon.com/vpc/pricing, aws.amazon.com/ec2/pricing/on-demand, aws.amazon.com/kms/pricing, aws.amazon.com/secrets-manager/pricing, cloud.google.com/nat/pricing, cloud.google.com/secret-manager/pricing',
  hoursPerMonth: 730,
  aws: {
    natGatewayHour: 0.045,
    publicIpv4Hour: 0.005,
    interfaceEndpointAzHour: 0.01,
    kmsKeyMonth: 1.0,
    /** Per secret stored, prorated by the hour. */
    secretsManagerSecretMonth: 0.4,
    secretsManagerPer10kCalls: 0.05,
    /** On-demand hourly price by instance type (NAT instances). */
    instanceHour: { 't4g.nano': 0.0042, 't4g.micro': 0.0084, 't4g.small': 0.0168, 't3.nano': 0.0052, 't3.micro': 0.0104 } as Record<string, number>,
    gp3GbMonth: 0.08,
    /** Root volume of Amazon Linux 2023 (the NAT instance image). */
    al2023RootVolumeGb: 8,
  },
  gcp: {
    /** Cloud NAT bills per VM using it (up to 32 VMs, then a flat rate): nothing while no cluster runs. */
    cloudNatVmHour: 0.0014,
    staticExternalIpHour: 0.005,
    /** Per active (enabled or disabled) secret version and location; automatic replication counts as one location. */
    secretVersionMonth: 0.06,
    /** Active versions free per billing account each month. */
    freeSecretVersions: 6,
    secretAccessPer10k: 0.03,
  },
} as const;
