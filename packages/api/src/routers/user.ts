import { createUserInput, resetPasswordInput } from '../services/users';
import { roleProcedure, router } from '../trpc';

/** User administration: admins only. */
export const userRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => ctx.services.users.list()),
  create: roleProcedure('admin')
    .input(createUserInput)
    .mutation(({ ctx, input }) => ctx.services.users.create(input)),
  /** Sets a new password and signs the user out everywhere. */
  resetPassword: roleProcedure('admin')
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => ctx.services.users.resetPassword(input)),
});
