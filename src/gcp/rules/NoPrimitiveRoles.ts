import { GcpFinding, IGcpRule, resourcesMatching } from './rule';

const PRIMITIVE = /\broles\/(owner|editor|viewer)\b/g;

/** No IAM member, binding or policy grants a primitive role (owner, editor, viewer). */
export const NoPrimitiveRoles: IGcpRule = {
  id: 'GCP-NoPrimitiveRoles',
  description: 'No IAM grant of a primitive role (roles/owner, roles/editor, roles/viewer)',
  check(terraform: any): GcpFinding[] {
    return resourcesMatching(terraform, /^google_.*_iam_(member|binding|policy)$/).flatMap(([resource, config]) =>
      [...new Set(JSON.stringify([config.role, config.policy_data]).match(PRIMITIVE) ?? [])].map((role) => ({
        ruleId: this.id,
        resource,
        message: `grants the primitive role ${role}`,
      })),
    );
  },
};
