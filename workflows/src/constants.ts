/** The task queue Liandong's workers poll. */
export const TASK_QUEUE = 'liandong';
