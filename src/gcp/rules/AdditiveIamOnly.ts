import { GcpFinding, IGcpRule, resourcesMatching } from './rule';

/** IAM is additive only: no authoritative bindings or policies that would remove others' access. */
export const AdditiveIamOnly: IGcpRule = {
  id: 'GCP-AdditiveIamOnly',
  description: 'IAM through *_iam_member only, never authoritative *_iam_binding or *_iam_policy',
  check(terraform: any): GcpFinding[] {
    return resourcesMatching(terraform, /^google_.*_iam_(binding|policy)$/).map(([resource]) => ({
      ruleId: this.id,
      resource,
      message: 'is authoritative: it removes every member Terraform does not manage',
    }));
  },
};
