// Loaded once per worker thread, before any workflow, into the module cache every workflow shares (workflowBundleOptions'
// `preloadModules`): the decision core and what it imports. Namespace imports read here, because @liandong/domain is
// marked side-effect free: a bare import of it would be dropped from the bundle, and each workflow would load it again.
import * as authorization from '@liandong/domain/authorization';
import * as duration from '@liandong/domain/duration';
import * as ladder from '@liandong/domain/ladder';
import * as measure from '@liandong/domain/measure';

/** How many exports each preloaded module has: reading them is what keeps them (and their imports) in the preload. */
export const preloadedExports = [authorization, duration, ladder, measure].map((module) => Object.keys(module).length);
