import { createUser, createUserInput, listUsers, resetPassword, resetPasswordInput } from '../auth';
import { roleProcedure, router } from '../trpc';

/** User administration: admins only. */
export const userRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => listUsers(ctx.db)),
  create: roleProcedure('admin')
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser(ctx.db, input)),
  /** Sets a new password and signs the user out everywhere. */
  resetPassword: roleProcedure('admin')
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input)),
});
