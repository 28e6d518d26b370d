import { GcpFinding, IGcpRule } from './rule';

/** IAM is additive only: no authoritative bindings or policies that would remove others' access. */
export const AdditiveIamOnly: IGcpRule = {
  id: 'GCP-AdditiveIamOnly',
  description: 'IAM through *_iam_member only, never authoritative *_iam_binding or *_iam_policy',
  check(terraform: any): GcpFinding[] {
    const findings: GcpFinding[] = [];
    for (const [type, byName] of Object.entries<any>(terraform?.resource ?? {})) {
      if (!/^google_.*_iam_(binding|policy)$/.test(type)) continue;
      for (const name of Object.keys(byName)) {
        findings.push({ ruleId: this.id, resource: `${type}.${name}`, message: 'is authoritative: it removes every member Terraform does not manage' });
      }
    }
    return findings;
  },
};
