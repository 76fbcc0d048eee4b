import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request, type RequestHandler } from 'express';
import {
  GraphQLError,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { graphqlUploadExpress } from 'graphql-upload-minimal';
import type { MikroORM } from '@mikro-orm/postgresql';
import { WebSocketServer } from 'ws';
import type { Actor } from '../services/auth/actor';
import { DomainError } from '../services/errors';
import type { RequestContext } from './context';
import { formatError } from './format-error';
import { mountJsonErrors } from './http-errors';
import { depthLimitRule } from './limits';
import { close, listen } from './listen';
import {
  checkOperation,
  type OperationLimits,
  operationLimitsPlugin,
  responseTooLarge,
  resultTooLarge,
} from './operation-limits';
import type { Services } from './services';
import { createRequestLoaders } from '../data/loaders/request-loaders';
import { tenancy } from '../services/tenancy';

export interface HttpServerOptions {
  readonly orm: MikroORM;
  readonly schema: GraphQLSchema;
  readonly services: Services;
  /** Extra routes mounted before /graphql (health, metrics, queue dashboard). */
  readonly routes?: (app: express.Express, authenticate: (req: Request) => Promise<Actor | undefined>) => void;
  readonly maxDepth?: number;
}

export interface MarinaHttpServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

function wsAuthorization(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

function clientAddressOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** graphql-ws over `ws`: the upgrade request's peer (proxies are not consulted on WebSocket). */
function wsClientAddress(extra: unknown): string {
  return (extra as { request?: { socket?: { remoteAddress?: string } } }).request?.socket?.remoteAddress ?? 'unknown';
}

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

/** One HTTP port: POST /graphql (with multipart uploads), ws://…/graphql (graphql-ws), and the extra routes. */
export async function createHttpServer(opts: HttpServerOptions): Promise<MarinaHttpServer> {
  const { orm, schema, services } = opts;
  const log = services.platform.log;
  const app = express();
  app.disable('x-powered-by');
  if (services.platform.config.trustProxyHops > 0) app.set('trust proxy', services.platform.config.trustProxyHops);
  const server = createServer(app);

  const contextFor = async (authorization: string | undefined, clientAddress: string): Promise<RequestContext> => {
    const em = orm.em.fork();
    const token = bearer(authorization);
    const authenticated = token ? await services.authentication.authenticate(em, token) : undefined;
    const loaders = createRequestLoaders(em, tenancy.readScope(authenticated?.actor));
    if (authenticated) {
      loaders.user.prime(authenticated.user.id, authenticated.user);
      loaders.rolesOfUser.prime(authenticated.user.id, authenticated.user.roles.getItems());
    }
    return {
      em,
      actor: authenticated?.actor,
      requestId: randomUUID(),
      services,
      loaders,
      authenticatedAs: new Set<string>(),
      clientAddress,
    };
  };
  const authenticate = async (req: Request) =>
    (await contextFor(req.headers.authorization, clientAddressOf(req))).actor;

  const config = services.platform.config;
  const limits: OperationLimits = { maxCost: config.maxQueryCost, maxResponseBytes: config.maxResponseBytes };
  const formatWsError = formatError(log);
  const wsServer = new WebSocketServer({ server, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      validate: (s, document) =>
        validate(s, document, [
          ...specifiedRules,
          depthLimitRule(opts.maxDepth ?? 12),
          ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
        ]),
      // A refused credential closes the socket (4403) before any operation runs.
      onConnect: async (ctx) => {
        try {
          await contextFor(wsAuthorization(ctx.connectionParams), wsClientAddress(ctx.extra));
          return true;
        } catch (err) {
          if (err instanceof DomainError) return false;
          throw err;
        }
      },
      context: (ctx) => contextFor(wsAuthorization(ctx.connectionParams), wsClientAddress(ctx.extra)),
      onSubscribe: (_ctx, _id, payload) => wsRefusal(schema, payload, limits),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (resultTooLarge(result, limits.maxResponseBytes))
          return { errors: [responseTooLarge(limits.maxResponseBytes)] };
        return result.errors ? { ...result, errors: result.errors.map((e) => formatWsError(e, e)) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatWsError(requestError(e), e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: formatError(log),
    csrfPrevention: true,
    // Marina's process runner owns SIGTERM (drain tasks, then close the server and the database).
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(opts.maxDepth ?? 12)],
    introspection: config.introspection,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      operationLimitsPlugin(schema, limits),
      ...(services.platform.config.nodeEnv === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  opts.routes?.(app, authenticate);
  const maxUpload = services.platform.config.maxUploadBytes;
  app.use(
    '/graphql',
    graphqlUploadExpress({ maxFileSize: maxUpload, maxFiles: 10 }) as RequestHandler,
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await contextFor(req.headers.authorization, clientAddressOf(req));
        } catch (err) {
          if (err instanceof DomainError) throw unauthenticatedHttpError(err.message);
          throw err;
        }
      },
    }),
  );
  mountJsonErrors(app, log);

  return {
    server,
    listen: (port, host) => listen(server, port, host),
    stop: async () => {
      await apollo.stop();
      wsServer.close();
      await close(server);
    },
  };
}

/**
 * graphql-ws reports parse and validation errors without extensions.code: give them the codes Apollo
 * gives over HTTP (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED) so they are not masked as internal.
 */
function requestError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code || error.originalError) return error;
  const code = error.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/** The operation limits over graphql-ws: the refusal as an error list, or undefined to go on. Unparsable queries are left to graphql-ws. */
function wsRefusal(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  limits: OperationLimits,
): GraphQLError[] | undefined {
  let document;
  try {
    document = parse(payload.query);
  } catch {
    return undefined;
  }
  const refused = checkOperation(
    schema,
    document,
    payload.operationName ?? undefined,
    payload.variables ?? undefined,
    limits,
  );
  return refused ? [refused] : undefined;
}

/** A refused bearer credential: HTTP 401 with extensions.code UNAUTHENTICATED (Apollo honours extensions.http). */
function unauthenticatedHttpError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
