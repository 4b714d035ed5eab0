export {
  confirmPlan,
  planConfirmInput,
  planPreviewInput,
  previewPlan,
  type PlanConfirmInput,
  type PlanConfirmResult,
  type PlanPreview,
  type PlanPreviewInput,
} from './import';
export { getVisiblePlan, listVisiblePlans, planScopeOf, type PlanListItem, type PlanView } from './read';
