import { router } from '../trpc';

export const issueRouter = router({});
