import { router } from '../trpc';

export const supervisionRouter = router({});
