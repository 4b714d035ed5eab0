import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes at INFO would drown the test output.
Runtime.install({ logger: new DefaultLogger('WARN') });
