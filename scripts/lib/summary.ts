/**
 * What a synthesized stack opens to the outside, read back from the output itself (not from the
 * props): for a reviewer, and for `npm run synth`.
 */
import { Example } from './examples';

export interface OpenedIngress {
  /** Logical id (AWS) or rule name (GCP). */
  readonly rule: string;
  readonly protocol: string;
  readonly ports: string;
  readonly source: string;
}

export function openedIngress(example: Example, output: any): OpenedIngress[] {
  const opened: OpenedIngress[] = [];
  if (example.cloud === 'aws') {
    const ports = (r: any) => (r.IpProtocol === '-1' ? 'all' : r.FromPort === r.ToPort ? `${r.FromPort}` : `${r.FromPort}-${r.ToPort}`);
    const protocol = (r: any) => (r.IpProtocol === '-1' ? 'all' : r.IpProtocol);
    for (const [id, res] of Object.entries<any>(output.Resources ?? {})) {
      const rules = res.Type === 'AWS::EC2::SecurityGroup' ? (res.Properties.SecurityGroupIngress ?? []) : res.Type === 'AWS::EC2::SecurityGroupIngress' ? [res.Properties] : [];
      for (const r of rules) {
        const source = r.CidrIp ?? r.CidrIpv6 ?? (r.SourcePrefixListId ? `prefix list ${JSON.stringify(r.SourcePrefixListId)}` : undefined);
        if (source !== undefined) opened.push({ rule: id, protocol: protocol(r), ports: ports(r), source: typeof source === 'string' ? source : JSON.stringify(source) });
      }
    }
  } else {
    for (const fw of Object.values<any>(output.resource?.google_compute_firewall ?? {})) {
      if (fw.direction !== 'INGRESS' || !fw.source_ranges) continue;
      for (const allow of fw.allow ?? []) {
        opened.push({ rule: fw.name, protocol: allow.protocol, ports: (allow.ports ?? ['all']).join(','), source: fw.source_ranges.join(', ') });
      }
    }
  }
  return opened;
}
