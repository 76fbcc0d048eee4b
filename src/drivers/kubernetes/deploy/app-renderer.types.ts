/**
 * How the Kubernetes deploy pipeline turns an app version into objects, per app type: HELM
 * (charts, through @marina/helm), TEMPLATE (YAML templates with `{{ VAR }}` variables) and
 * COMPOSED (a node/edge definition). The `render` task picks the renderer of the version's type;
 * `apply` and `wait` work on the layers in order, each layer ready before the next (a Helm chart
 * or a template is one layer; a composed app has one layer per step of its edge order).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppType } from '../../../entities/enums';
import type { InstanceOperation } from '../../../services/instances/instance-operation.types';
import type { KubeConnection } from '../kube-connection.types';
import type { KubeObject } from '../kube-object.types';
import type { RenderMode } from './deploy.planner';

/** Objects applied together and waited for together. */
export interface RenderedLayer {
  /** e.g. "release" for a chart, or the composed node names of this step ("init, mysql"). */
  readonly name: string;
  readonly objects: readonly KubeObject[];
}

/** What a renderer returns; the `render` task adds ownership metadata and the digest. */
export interface RenderedApp {
  readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
  /** In apply order; the manifest stored in the release record is their concatenation. */
  readonly layers: readonly RenderedLayer[];
  /** Helm hooks (charts only; empty for other types). */
  readonly hooks: readonly import('@marina/helm').Hook[];
  readonly notes: string;
  readonly removedValueKeys: readonly string[];
  /**
   * The release record's manifest text when the renderer has its own (Helm's, byte for byte);
   * absent: the layers' objects as YAML documents.
   */
  readonly manifest?: string;
  /** Shown on the job (e.g. "apps/v1beta1 Deployment web converted to apps/v1"). */
  readonly warnings: readonly string[];
}

export interface RenderRequest {
  readonly conn: KubeConnection;
  readonly op: InstanceOperation;
  readonly mode: RenderMode;
  /** The version's package files by path (TEMPLATE, COMPOSED); charts are loaded by the HELM renderer. */
  readonly versionId: string;
  /** The worker's EntityManager (to read the version's package). */
  readonly em: EntityManager;
}

export interface AppRenderer {
  readonly type: AppType;
  render(req: RenderRequest): Promise<RenderedApp>;
}
