import { z } from 'zod';

/** RFC 9457 problem details, as app/http/problem.ts writes every error. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string().meta({ description: 'The X-Request-ID of the request; find it in the logs.' }),
    invalidParams: z
      .array(
        z.object({ name: z.string(), in: z.enum(['query', 'path', 'body', 'header']), reason: z.string() }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, as every error is answered.' });

export const problemResponse = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: ProblemSchema } },
};
