import { router } from '../trpc';

export const ledgerRouter = router({});
