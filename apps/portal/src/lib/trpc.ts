import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@liandong/api';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
