// Stand-in for a source-available Dokploy component (not in the Apache-2.0 tarball): renders nothing.
import type { ReactNode } from 'react';

export const WhitelabelingProvider = (_props: { children?: ReactNode; [key: string]: unknown }): ReactNode =>
  null;
