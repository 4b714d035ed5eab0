import { router } from '../trpc';

export const decisionRouter = router({});
