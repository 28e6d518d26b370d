import { AdditiveIamOnly } from './AdditiveIamOnly';
import { ApisKeptOnDestroy } from './ApisKeptOnDestroy';
import { NoAdminPortsFromAnywhere } from './NoAdminPortsFromAnywhere';
import { NoPrimitiveRoles } from './NoPrimitiveRoles';
import { NoSecretVersionsInState } from './NoSecretVersionsInState';
import { NoServiceAccountKeys } from './NoServiceAccountKeys';
import { PrivateGoogleAccess } from './PrivateGoogleAccess';
import { IGcpRule } from './rule';

export * from './rule';

/** Every rule of the pack, in report order. */
export const GCP_RULES: IGcpRule[] = [
  NoPrimitiveRoles,
  NoServiceAccountKeys,
  NoSecretVersionsInState,
  NoAdminPortsFromAnywhere,
  PrivateGoogleAccess,
  ApisKeptOnDestroy,
  AdditiveIamOnly,
];
export {
  AdditiveIamOnly,
  ApisKeptOnDestroy,
  NoAdminPortsFromAnywhere,
  NoPrimitiveRoles,
  NoSecretVersionsInState,
  NoServiceAccountKeys,
  PrivateGoogleAccess,
};
