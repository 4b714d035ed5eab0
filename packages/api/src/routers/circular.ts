import { router } from '../trpc';

export const circularRouter = router({});
