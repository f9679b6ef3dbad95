// Stand-in for Dokploy's source-available SSO service; only the billing helper imports from it
// and billing is cloud-only.
export const getOrganizationOwnerId = async (_organizationId: string): Promise<string | null> => null;
