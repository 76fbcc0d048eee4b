/**
 * Deploy from image (PRODUCT.md H9, seed 004): the one-node composed app an image deploy makes —
 * its app.json node from the request (checked by the same rules as an uploaded package) and the
 * package archive that carries it.
 */
import { writeTarGz } from '../../packages/archive';
import { parseComposedDefinition } from '../../packages/composed/composed-definition.parse';
import type { PackageIssue } from '../../packages/package-error';

export interface ImageDeployRequest {
  readonly runtimeId: string;
  /** Instance name, app name and node name. */
  readonly name: string;
  readonly image: string;
  readonly description?: string | null;
  readonly ports?:
    readonly { port: number; targetPort?: number | null; nodePort?: number | null; protocol?: string | null }[] | null;
  readonly serviceType?: string | null;
  readonly env?: unknown;
  readonly command?: readonly string[] | null;
  readonly args?: readonly string[] | null;
  readonly replicas?: number | null;
  /** As in app.json: `{ requests: { cpu, memory }, limits: { cpu, memory } }`. */
  readonly resources?: unknown;
  /** As in app.json: `{ nodeSelector, hosts, affinity, antiAffinity }`. */
  readonly scheduling?: unknown;
  /** As in app.json: `{ type, maxUnavailable, maxSurge }`. */
  readonly strategy?: unknown;
}

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

/** app.json of the one-node app (absent inputs left out, so the package's defaults apply). */
export function imageAppDocument(r: ImageDeployRequest): { nodes: Record<string, unknown>[]; edges: [] } {
  const ports = (r.ports ?? []).map((p) => ({
    port: p.port,
    ...(present(p.targetPort) ? { targetPort: p.targetPort } : {}),
    ...(present(p.nodePort) ? { nodePort: p.nodePort } : {}),
    ...(present(p.protocol) ? { protocol: p.protocol } : {}),
  }));
  const node: Record<string, unknown> = { name: r.name, kind: 'CUSTOM', image: r.image };
  if (ports.length) node.service = { name: r.name, type: r.serviceType ?? 'ClusterIP', ports };
  const optional = {
    env: r.env,
    command: r.command,
    args: r.args,
    replicas: r.replicas,
    resources: r.resources,
    scheduling: r.scheduling,
    strategy: r.strategy,
  };
  for (const [key, value] of Object.entries(optional)) if (present(value)) node[key] = value;
  return { nodes: [node], edges: [] };
}

/** Problems of the request as a definition (paths point into the input: `input.env.X`). */
export function imageAppProblems(r: ImageDeployRequest): readonly PackageIssue[] {
  if (!r.ports?.length && r.serviceType)
    return [{ code: 'INVALID_COMPOSITION', path: 'input.serviceType', message: 'a service type needs ports' }];
  const parsed = parseComposedDefinition(imageAppDocument(r), 'input');
  if (parsed.ok) return [];
  return parsed.issues.map((i) => ({
    ...i,
    path: i.path
      .replace(/^input:\/nodes\/0\/?/, 'input.')
      .replace(/\//g, '.')
      .replace(/\.$/, ''),
  }));
}

/** The package archive (`<name>/package.json` + `<name>/app.json`). */
export function imageAppArchive(r: ImageDeployRequest, version: string): Buffer {
  const pkg = {
    name: r.name,
    version,
    type: 'composed',
    description: r.description?.trim() || `Deployed from image ${r.image}`,
  };
  return writeTarGz([
    { path: `${r.name}/package.json`, data: Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`) },
    { path: `${r.name}/app.json`, data: Buffer.from(`${JSON.stringify(imageAppDocument(r), null, 2)}\n`) },
  ]);
}
