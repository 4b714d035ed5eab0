import { createUserInput, resetPasswordInput } from '../services/users';
import { adminProcedure, roleProcedure, router } from '../trpc';

/** User administration: admins only; an auditor who is also an admin may read the list, never change it. */
export const userRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => ctx.services.users.list()),
  create: adminProcedure
    .input(createUserInput)
    .mutation(({ ctx, input }) => ctx.services.users.create(input)),
  /** Sets a new password and signs the user out everywhere. */
  resetPassword: adminProcedure
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => ctx.services.users.resetPassword(input)),
});
