// Stand-in for a source-available Dokploy component (not in the Apache-2.0 tarball): without a
// licence the gated feature is not shown.
import type { ReactNode } from 'react';

export const EnterpriseFeatureGate = (_props: { children?: ReactNode; [key: string]: unknown }): ReactNode =>
  null;
export const EnterpriseFeatureLocked = (_props: {
  children?: ReactNode;
  [key: string]: unknown;
}): ReactNode => null;
