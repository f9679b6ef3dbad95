// Stand-in for a source-available Dokploy component (not in the Apache-2.0 tarball): no SSO, so
// the ordinary sign-in form (its children) is shown as it is.
import type { ReactNode } from 'react';

export const SignInWithSSO = ({ children }: { children?: ReactNode; enforce?: boolean }): ReactNode =>
  children ?? null;
