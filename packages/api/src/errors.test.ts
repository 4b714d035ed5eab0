import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  toTRPCError,
  UNAVAILABLE_MESSAGES,
  UnauthorizedError,
  unavailableDependency,
} from './errors';

// The shapes the drivers raise, as they raise them (pg, pg-pool, Node's net, @grpc/grpc-js through the Temporal SDK).
const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { errno: -111, code, syscall: 'connect', address: '127.0.0.1', port: 5432 });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { name: 'error', severity: 'FATAL', code });
const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { internalRepr: new Map() } });

const DATABASE_AWAY: [string, unknown][] = [
  ['connection refused', socket('ECONNREFUSED')],
  ['connection reset', socket('ECONNRESET')],
  ['connect timed out', socket('ETIMEDOUT')],
  ['host name not resolved', socket('EAI_AGAIN')],
  ['refused on every address (Node tries each)', Object.assign(new AggregateError([socket('ECONNREFUSED'), socket('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' })],
  ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
  ['57P02 crash_shutdown', pgError('57P02', 'terminating connection because of crash of another server process')],
  ['57P03 starting up', pgError('57P03', 'the database system is starting up')],
  ['57P03 shutting down', pgError('57P03', 'the database system is shutting down')],
  ['53300 too many connections', pgError('53300', 'sorry, too many clients already')],
  ['08006 connection failure', pgError('08006', 'connection failure')],
  ['08P01 protocol violation', pgError('08P01', 'protocol violation')],
  ['connection terminated', new Error('Connection terminated unexpectedly')],
  ['connection timeout', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
  ['pool timeout', new Error('timeout exceeded when trying to connect')],
  ['a broken client', new Error('Client has encountered a connection error and is not queryable')],
  ['wrapped by tRPC', new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: socket('ECONNREFUSED') })],
];
const TEMPORAL_AWAY: [string, unknown][] = [
  ['UNAVAILABLE', new ServiceError('Failed to query Workflow', { cause: grpc(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233') })],
  ['DEADLINE_EXCEEDED on an update', new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpc(4, 'Deadline exceeded') })],
  ['RESOURCE_EXHAUSTED', new ServiceError('Workflow Update failed', { cause: grpc(8, 'limit on number of concurrent in-flight updates has been reached (10)') })],
  ['no connection at start', new ServiceError('Failed to connect to Temporal server', { cause: new Error('tcp connect error') })],
  ['a start that failed for every measure', new AggregateError([new ServiceError('Failed to start Workflow', { cause: grpc(14, 'unavailable') })], '1 of 1 failed')],
];
const FAULTS: [string, unknown][] = [
  ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
  ['a database that does not exist', pgError('3D000', 'database "none" does not exist')],
  ['a wrong password', pgError('28P01', 'password authentication failed for user "liandong"')],
  ['bad SQL', pgError('42P01', 'relation "nothing" does not exist')],
  ['a workflow not found', new ServiceError('Failed to query Workflow', { cause: grpc(5, 'workflow not found') })],
  ['an invalid argument to Temporal', new ServiceError('Workflow Update failed', { cause: grpc(3, 'invalid argument') })],
  ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['a string', 'boom'],
  ['nothing', undefined],
  ['a mixed AggregateError', new AggregateError([socket('ECONNREFUSED'), new Error('boom')], '2 failed')],
];

describe('which dependency a failure says is away', () => {
  it.each(DATABASE_AWAY)('the database: %s', (_, error) => {
    expect(unavailableDependency(error)).toBe('database');
    const trpc = toTRPCError(error);
    expect(trpc.code).toBe('SERVICE_UNAVAILABLE');
    expect(trpc.message).toBe(UNAVAILABLE_MESSAGES.database);
    expect(trpc.cause).toMatchObject({ dependency: 'database' });
  });

  it.each(TEMPORAL_AWAY)('Temporal: %s', (_, error) => {
    expect(unavailableDependency(error)).toBe('temporal');
    expect(toTRPCError(error)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGES.temporal });
  });

  it.each(FAULTS)('neither, for a fault: %s (500, internal error)', (_, error) => {
    expect(unavailableDependency(error)).toBeNull();
    expect(toTRPCError(error)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'internal error' });
  });

  it('keeps its own message for a refusal the service made (a measure too busy), and the cause for the log', () => {
    const cause = grpc(8, 'limit reached');
    const busy = new ServiceUnavailableError('temporal', '此措施当前提交过多', { cause });
    expect(toTRPCError(busy)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: '此措施当前提交过多', cause: busy });
    expect(busy.cause).toBe(cause);
  });

  it('ends on a cause chain that loops', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(unavailableDependency(a)).toBeNull();
  });
});

/** Any failure the drivers raise, and wrappings of them, to any depth. */
const driverFailure: fc.Arbitrary<unknown> = fc.letrec<{ failure: unknown }>((tie) => ({
  failure: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...[...DATABASE_AWAY, ...TEMPORAL_AWAY, ...FAULTS].map(([, e]) => e)),
    fc.record({ message: fc.string(), code: fc.oneof(fc.string(), fc.integer(), fc.constantFrom('ECONNREFUSED', '57P01', '08006', 14, 8)) }).map(({ message, code }) => Object.assign(new Error(message), { code })),
    fc.anything(),
    tie('failure').map((cause) => new Error('wrapped', { cause })),
    tie('failure').map((cause) => new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: cause instanceof Error ? cause : undefined })),
    fc.array(tie('failure'), { minLength: 1, maxLength: 3 }).map((errors) => new AggregateError(errors, 'several')),
  ),
})).failure;

/** What a person got wrong or may not do, whatever it wraps. */
const personsError: fc.Arbitrary<unknown> = fc.tuple(fc.nat(8), fc.string(), driverFailure).map(([kind, message, cause]) => {
  const errors = [
    new AppError('BAD_INPUT', message, 'field'),
    new NotFoundError('measure', message),
    new ForbiddenError(message),
    new UnauthorizedError(message),
    new ConflictError(message),
    new InvalidTransitionError(message),
    new TooManyRequestsError(message, new Date()),
    new TRPCError({ code: 'BAD_REQUEST', message, cause: cause instanceof Error ? cause : undefined }),
    new z.ZodError([{ code: 'custom', path: ['x'], message, input: cause }]),
  ];
  const error = errors[kind]!;
  if (!(error instanceof TRPCError)) Object.assign(error, { cause });
  return error;
});

describe('the classifier over arbitrary failures', () => {
  it('never makes a person’s error a 503, whatever it wraps', () => {
    fc.assert(
      fc.property(personsError, (error) => {
        expect(unavailableDependency(error)).toBeNull();
        expect(toTRPCError(error).code).not.toBe('SERVICE_UNAVAILABLE');
      }),
    );
  });

  it('always names the dependency of a 503, and a failure is a 503 exactly when it names one', () => {
    fc.assert(
      fc.property(driverFailure, (error) => {
        const dependency = unavailableDependency(error);
        expect([null, 'database', 'temporal']).toContain(dependency);
        const trpc = toTRPCError(error);
        expect(trpc.code === 'SERVICE_UNAVAILABLE').toBe(dependency !== null);
        if (dependency) expect(trpc.cause).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency });
      }),
    );
  });
});
