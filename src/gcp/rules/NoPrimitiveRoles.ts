import { GcpFinding, IGcpRule } from './rule';

const PRIMITIVE = new Set(['roles/owner', 'roles/editor', 'roles/viewer']);

/** No IAM member, binding or policy grants a primitive role (owner, editor, viewer). */
export const NoPrimitiveRoles: IGcpRule = {
  id: 'GCP-NoPrimitiveRoles',
  description: 'No IAM grant of a primitive role (roles/owner, roles/editor, roles/viewer)',
  check(terraform: any): GcpFinding[] {
    const findings: GcpFinding[] = [];
    for (const [type, byName] of Object.entries<any>(terraform?.resource ?? {})) {
      if (!/^google_.*_iam_(member|binding|policy)$/.test(type)) continue;
      for (const [name, config] of Object.entries<any>(byName)) {
        const roles = [config.role, ...(JSON.stringify(config.policy_data ?? '').match(/roles\/(owner|editor|viewer)\b/g) ?? [])];
        for (const role of roles) {
          if (PRIMITIVE.has(role)) findings.push({ ruleId: this.id, resource: `${type}.${name}`, message: `grants the primitive role ${role}` });
        }
      }
    }
    return findings;
  },
};
