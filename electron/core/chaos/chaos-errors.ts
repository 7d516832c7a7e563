import { ORPCError } from '@orpc/server';
import { ZodError } from 'zod';
import { LoadTestUnavailableError } from '../dashboard/load-test-control';
import { ForeignContainerError, UnknownTargetError } from './project-containers';

/** Refusals and absent dependencies are answers the UI shows (4xx/503), never a 500. */
export async function chaosProblems<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ForeignContainerError) throw new ORPCError('FORBIDDEN', { message: error.message });
    if (error instanceof UnknownTargetError) throw new ORPCError('NOT_FOUND', { message: error.message });
    if (error instanceof ZodError) throw new ORPCError('BAD_REQUEST', { message: error.issues.map((issue) => issue.message).join('; ') });
    if (error instanceof LoadTestUnavailableError) throw new ORPCError('SERVICE_UNAVAILABLE', { message: error.message });
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED' || (error as Error).name === 'TimeoutError') {
      throw new ORPCError('SERVICE_UNAVAILABLE', { message: `Abhängigkeit nicht erreichbar: ${(error as Error).message}` });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 409) throw new ORPCError('CONFLICT', { message: (error as Error).message });
    if (status === 404) throw new ORPCError('NOT_FOUND', { message: (error as Error).message });
    throw error;
  }
}
