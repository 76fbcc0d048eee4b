/**
 * CLOUD_DATABASE nodes (seed 003's "Aliyun nodes": an RDS instance per deployment) are provisioned
 * by a pluggable provider. Every provider leaves the same contract behind: a Service named by the
 * node's service name in front of the database, and a connection Secret
 * (`<release>-<node>-connection`: host, port, username, password, database) that `${secrets.<node>.<key>}`
 * references and the node's dependants receive as `<NODE>_HOST`, `<NODE>_PORT`, ….
 *
 * The built-in "kubernetes" provider stands in for RDS on any cluster (the sandbox included): a
 * managed single-replica StatefulSet of the engine, labelled `marina.io/cloud-database`, on its own
 * claim. A cloud provider (RDS, ApsaraDB) would create the instance through its API and render an
 * ExternalName Service plus the same Secret; it registers here by name.
 */
import { DriverError } from '../../../jobs/errors';
import type { CloudDatabaseNode, DatabaseEngine } from '../../../packages/composed/composed.types';
import type { KubeObject } from '../kube-object.types';
import { CLOUD_DATABASE_LABEL, connectionSecretName, objectName, selectorLabels } from './composed-names';
import { claimSpec, meta, serviceObject } from './composed-basics';
import type { ComposedRenderContext } from './composed-render.types';

export interface CloudDatabaseProvider {
  readonly name: string;
  readonly engines: readonly DatabaseEngine[];
  /** The objects standing for the database (pure: same context, same objects). */
  provision(ctx: ComposedRenderContext, node: CloudDatabaseNode): KubeObject[];
}

interface EngineShape {
  readonly image: string;
  readonly port: number;
  readonly dataDir: string;
  readonly env: (secret: string) => Record<string, string | { secret: string }>;
}

const ENGINES: Readonly<Record<DatabaseEngine, EngineShape>> = {
  mysql: {
    image: 'mysql:8.0',
    port: 3306,
    dataDir: '/var/lib/mysql',
    env: () => ({
      MYSQL_ROOT_PASSWORD: { secret: 'password' },
      MYSQL_USER: { secret: 'username' },
      MYSQL_PASSWORD: { secret: 'password' },
      MYSQL_DATABASE: { secret: 'database' },
    }),
  },
  postgresql: {
    image: 'postgres:16',
    port: 5432,
    dataDir: '/var/lib/postgresql/data',
    env: () => ({
      POSTGRES_USER: { secret: 'username' },
      POSTGRES_PASSWORD: { secret: 'password' },
      POSTGRES_DB: { secret: 'database' },
      PGDATA: '/var/lib/postgresql/data/pgdata',
    }),
  },
};

/** The connection Secret every provider writes. */
export function connectionSecret(
  ctx: ComposedRenderContext,
  node: CloudDatabaseNode,
  host: string,
  port: number,
): KubeObject {
  const name = connectionSecretName(ctx.release, node.name);
  const values: Record<string, string> = {
    host,
    port: String(port),
    username: 'app',
    password: ctx.credential(name, 'password'),
    database: 'app',
  };
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta(ctx, name, node.name), type: 'Opaque', data };
}

export const kubernetesDatabaseProvider: CloudDatabaseProvider = {
  name: 'kubernetes',
  engines: ['mysql', 'postgresql'],
  provision(ctx, node) {
    if (!this.engines.includes(node.middleware))
      throw new DriverError(
        'UNSUPPORTED_ENGINE',
        `provider "${this.name}" does not provision ${node.middleware}`,
        false,
      );
    const engine = ENGINES[node.middleware];
    const secret = connectionSecretName(ctx.release, node.name);
    const labels = { ...selectorLabels(ctx.release, node.name), [CLOUD_DATABASE_LABEL]: 'kubernetes' };
    const env = Object.entries(engine.env(secret)).map(([name, v]) =>
      typeof v === 'string'
        ? { name, value: v }
        : { name, valueFrom: { secretKeyRef: { name: secret, key: v.secret } } },
    );
    const host = `${node.serviceName}.${ctx.namespace}.svc`;
    const service = serviceObject(ctx, node.name, {
      name: node.serviceName,
      type: 'ClusterIP',
      ports: [{ port: engine.port, targetPort: engine.port, protocol: 'TCP' }],
    });
    const container = {
      name: node.middleware,
      image: engine.image,
      ports: [{ containerPort: engine.port, protocol: 'TCP' }],
      env,
      ...(node.resources
        ? { resources: { requests: { ...node.resources.requests }, limits: { ...node.resources.limits } } }
        : {}),
      volumeMounts: [{ name: 'data', mountPath: engine.dataDir }],
      readinessProbe: { tcpSocket: { port: engine.port }, initialDelaySeconds: 5, periodSeconds: 10 },
    };
    const statefulSet: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(ctx, objectName(ctx.release, node.name), node.name, { labels }),
      spec: {
        serviceName: node.serviceName,
        replicas: 1,
        selector: { matchLabels: selectorLabels(ctx.release, node.name) },
        template: { metadata: { labels }, spec: { containers: [container] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: claimSpec(node.size) }],
      },
    };
    return [connectionSecret(ctx, node, host, engine.port), service, statefulSet];
  },
};

const PROVIDERS = new Map<string, CloudDatabaseProvider>([
  [kubernetesDatabaseProvider.name, kubernetesDatabaseProvider],
]);

/** Adds a provider (by its name; a later registration replaces an earlier one). */
export function registerCloudDatabaseProvider(provider: CloudDatabaseProvider): void {
  PROVIDERS.set(provider.name, provider);
}

export function cloudDatabaseProvider(name: string): CloudDatabaseProvider {
  const provider = PROVIDERS.get(name);
  if (!provider)
    throw new DriverError(
      'UNKNOWN_DATABASE_PROVIDER',
      `no cloud database provider "${name}" (known: ${[...PROVIDERS.keys()].join(', ')})`,
      false,
    );
  return provider;
}
