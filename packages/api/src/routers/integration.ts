import { z } from 'zod';
import { addWebhookInput, createApiTokenInput, idInput } from '../services/integrations';
import { adminProcedure, roleProcedure, router } from '../trpc';

/** 接口令牌: API tokens for other systems. Admins only; an auditor who is also an admin may read the list. */
export const apiTokenRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => ctx.services.apiTokens.list()),
  /** The token is in the answer once, and never again. */
  create: adminProcedure.input(createApiTokenInput).mutation(({ ctx, input }) => ctx.services.apiTokens.create(input, ctx.actor.username)),
  revoke: adminProcedure.input(idInput).mutation(({ ctx, input }) => ctx.services.apiTokens.revoke(input.id, ctx.actor.username)),
});

/** 推送地址: webhook endpoints, their secrets and their deliveries. Admins only; an auditor who is also an admin may read. */
export const webhookRouter = router({
  list: roleProcedure('admin').query(({ ctx }) => ctx.services.webhooks.list()),
  get: roleProcedure('admin').input(idInput).query(({ ctx, input }) => ctx.services.webhooks.get(input.id)),
  deliveries: roleProcedure('admin')
    .input(
      idInput.extend({
        limit: z.number({ message: 'limit must be a whole number from 1 to 100' }).int({ message: 'limit must be a whole number from 1 to 100' }).min(1, { message: 'limit must be at least 1' }).max(100, { message: 'limit must be at most 100' }).default(30),
        before: z.number({ message: 'before must be a delivery number' }).int({ message: 'before must be a delivery number' }).positive({ message: 'before must be a delivery number' }).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.services.webhooks.deliveries(input.id, { limit: input.limit, before: input.before })),
  /** The signing secret is in the answer once (and again on rotation only). */
  add: adminProcedure.input(addWebhookInput).mutation(({ ctx, input }) => ctx.services.webhooks.add(input, ctx.actor.username)),
  rotateSecret: adminProcedure.input(idInput).mutation(({ ctx, input }) => ctx.services.webhooks.rotateSecret(input.id, ctx.actor.username)),
  pause: adminProcedure.input(idInput).mutation(({ ctx, input }) => ctx.services.webhooks.pause(input.id, ctx.actor.username)),
  resume: adminProcedure.input(idInput).mutation(({ ctx, input }) => ctx.services.webhooks.resume(input.id, ctx.actor.username)),
  remove: adminProcedure.input(idInput).mutation(({ ctx, input }) => ctx.services.webhooks.remove(input.id, ctx.actor.username)),
});
