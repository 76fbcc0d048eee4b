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

/** Variables the platform supplies at deploy time (instance name and target namespace). */
export const BUILTIN_VARIABLES = ['APP_NAME', 'NAMESPACE'] as const;
