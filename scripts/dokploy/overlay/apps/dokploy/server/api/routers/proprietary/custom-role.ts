// Stand-in for Dokploy's source-available router of the same name (not in the Apache-2.0 tarball):
// only the queries the open UI asks for, answering "no enterprise feature".
import { createTRPCRouter, protectedProcedure, publicProcedure } from '@/server/api/trpc';

void protectedProcedure;
void publicProcedure;

export const customRoleRouter = createTRPCRouter({
  all: protectedProcedure.query(() => []),
});
