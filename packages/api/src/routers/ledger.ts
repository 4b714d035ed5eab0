import { z } from 'zod';
import { authedProcedure, router } from '../trpc';

export const ledgerExportInput = z.object({ planId: z.uuid({ message: 'planId must be a plan id (uuid)' }) });

/** 台账: the spreadsheet every office keeps by hand, one row per measure of a plan. */
export const ledgerRouter = router({
  /** Every measure of the plan as .xlsx (base64 in a FileDownload); the plan's coordinator, auditors and admins. */
  export: authedProcedure.input(ledgerExportInput).query(({ ctx, input }) => ctx.services.assessment.exportLedger(ctx.actor, input)),
});
