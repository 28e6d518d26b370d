/**
 * Inputs a construct reports under the name the user wrote on the construct that built it: the
 * workspace's `securityGroupRuleQuota` is its security groups' `ruleQuota`. Keyed by the props
 * object the outer construct hands over, so nothing about it appears in the public API.
 */
const NAMES = new WeakMap<object, Readonly<Record<string, string>>>();

/** Marks `props` as built from the outer construct's inputs, renamed as given. */
export function withOuterNames<T extends object>(props: T, names: Readonly<Record<string, string>>): T {
  NAMES.set(props, names);
  return props;
}

/** The renames registered for `props`, if any (a WeakMap answers undefined for any non-object). */
export function outerNames(props: unknown): Readonly<Record<string, string>> | undefined {
  return NAMES.get(props as object);
}
