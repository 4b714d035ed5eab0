// Quiet worker logs in tests.
import '@liandong/workflows/vitest-setup';
