/** A declared variable of a Kubernetes YAML template package. */
export interface TemplateVariable {
  readonly name: string;
  readonly description?: string;
  /** Default value as text (numbers and booleans are kept as their JSON text). */
  readonly default?: string;
  readonly required: boolean;
  /** Secret values are never echoed back (consoles show them masked). */
  readonly secret: boolean;
}

/** package.json of a template package (`"type": "template"`). */
export interface TemplatePackageMetadata {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly variables: readonly TemplateVariable[];
}

/** A Kubernetes object after substitution: apiVersion, kind and metadata.name are guaranteed strings. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * Variables every template may use without declaring them: the platform supplies APP_NAME (the
 * instance name) and NAMESPACE; DOCKER_IMAGE is the image the user deploys (seed 004's "deploy
 * from image"), given as a value at deploy time — a package may declare it to give a default.
 */
export const BUILTIN_VARIABLES = ['APP_NAME', 'NAMESPACE', 'DOCKER_IMAGE'] as const;

/** Values of the built-in variables; DOCKER_IMAGE only when the user gave one. */
export interface BuiltinValues {
  readonly APP_NAME: string;
  readonly NAMESPACE: string;
  readonly DOCKER_IMAGE?: string;
}
