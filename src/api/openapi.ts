import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../accounts/permissions.ts';
import { fieldErrors, ValidationError } from '../core/errors.ts';

/**
 * API operations are declared once: the declaration registers the Fastify route (with its
 * permission) and becomes part of the OpenAPI document served at /api/openapi.json and /api/docs.
 */
export interface Operation<B extends z.ZodType | undefined> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  permission: Permission;
  body?: B;
  /** For file uploads: the multipart/form-data fields, documented as given (not validated by zod). */
  multipart?: Record<string, Record<string, unknown>>;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler: (
    req: FastifyRequest<{ Params: Record<string, string> }>,
    reply: FastifyReply,
    body: B extends z.ZodType ? z.output<B> : undefined,
  ) => Promise<unknown>;
}

export class ApiRegistry {
  private readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(private readonly app: FastifyInstance) {}

  add<B extends z.ZodType | undefined>(op: Operation<B>): void {
    this.app.route({
      method: op.method,
      url: op.path,
      config: { permission: op.permission },
      handler: async (req, reply) => {
        let body: unknown;
        if (op.body) {
          const parsed = op.body.safeParse(req.body ?? {});
          if (!parsed.success)
            throw new ValidationError('The request body is not valid.', fieldErrors(parsed.error));
          body = parsed.data;
        }
        return op.handler(
          req as FastifyRequest<{ Params: Record<string, string> }>,
          reply,
          body as B extends z.ZodType ? z.output<B> : undefined,
        );
      },
    });
    const oaPath = op.path.replace(/:(\w+)/g, '{$1}');
    const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    this.paths[oaPath] ??= {};
    this.paths[oaPath][op.method.toLowerCase()] = {
      summary: op.summary,
      description: `Needs the \`${op.permission}\` permission.`,
      security: [{ bearer: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(op.multipart
        ? {
            requestBody: {
              required: true,
              content: { 'multipart/form-data': { schema: { type: 'object', properties: op.multipart } } },
            },
          }
        : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(op.body, { target: 'openapi-3.0', io: 'input' }),
                },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([code, r]) => [
          code,
          {
            description: r.description,
            ...(r.schema
              ? {
                  content: {
                    'application/json': { schema: z.toJSONSchema(r.schema, { target: 'openapi-3.0' }) },
                  },
                }
              : {}),
          },
        ]),
      ),
    };
  }

  document(siteName: string) {
    return {
      openapi: '3.0.3',
      info: {
        title: `${siteName} admin API`,
        version: '1',
        description:
          'Create, update, publish, schedule and unpublish articles with the same permissions as the newsroom. ' +
          'Authenticate with a personal API token from Newsroom > Account: `Authorization: Bearer <token>`. ' +
          'Errors are `{ "error": { "code", "message", "fields"? } }` with a matching HTTP status.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths: this.paths,
    };
  }
}
