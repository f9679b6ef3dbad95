// Stand-in for Dokploy's source-available licence check: no enterprise licence, default roles only.
export const hasValidLicense = async (_organizationId: string): Promise<boolean> => false;
export const resolveOrganizationDefaultRole = async (_organizationId: string): Promise<string> => 'member';
