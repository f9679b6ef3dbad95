// No-op stand-in for Dokploy's source-available audit log (not in the Apache-2.0 tarball): the
// kit's test server keeps no audit trail.
export const createAuditLog = async (_entry: Record<string, unknown>): Promise<void> => {};
