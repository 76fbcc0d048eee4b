import type { StatusCause } from '../api/api-errors';
import { getPath, isJsonObject, jsonEqual, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { selectorFromObject } from '../api/label-selector';
import { parseCronSchedule } from './cron-schedule';

const goMap = (labels: unknown): string =>
  `map[string]string{${Object.entries(isJsonObject(labels) ? labels : {})
    .map(([k, v]) => `"${k}":"${String(v)}"`)
    .join(', ')}}`;

/** Checks the containers of a pod spec at `path` (name and image required, unique names). */
export function validatePodSpec(spec: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!isJsonObject(spec)) return [{ reason: 'FieldValueRequired', field: path, message: 'Required value' }];
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  if (containers.length === 0)
    causes.push({ reason: 'FieldValueRequired', field: `${path}.containers`, message: 'Required value' });
  const names = new Set<string>();
  for (const [list, items] of [
    ['containers', containers],
    ['initContainers', Array.isArray(spec.initContainers) ? spec.initContainers : []],
  ] as const) {
    items.forEach((c, i) => {
      const at = `${path}.${list}[${i}]`;
      if (!isJsonObject(c)) return;
      if (typeof c.name !== 'string' || c.name === '')
        causes.push({ reason: 'FieldValueRequired', field: `${at}.name`, message: 'Required value' });
      else if (names.has(c.name))
        causes.push({ reason: 'FieldValueDuplicate', field: `${at}.name`, message: `Duplicate value: "${c.name}"` });
      else names.add(c.name);
      if (typeof c.image !== 'string' || c.image.trim() === '')
        causes.push({ reason: 'FieldValueRequired', field: `${at}.image`, message: 'Required value' });
    });
  }
  return causes;
}

/**
 * Validation shared by Deployment, ReplicaSet, StatefulSet and DaemonSet: a selector that is
 * present, non-empty, matches the template labels, and (apps/v1) never changes after creation.
 */
export function validateSelectorWorkload(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  const labels = getPath(spec, ['template', 'metadata', 'labels']);
  if (!isJsonObject(spec.selector)) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
  } else {
    const sel = selectorFromObject(spec.selector);
    if (sel.requirements.length === 0)
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.selector',
        message: 'Invalid value: "null": empty selector is invalid for deployment',
      });
    else if (!sel.matches(labels as Record<string, string>)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
      });
    }
  }
  if (old && !jsonEqual((old.spec as JsonObject | undefined)?.selector, spec.selector)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.selector',
      message: `Invalid value: ${JSON.stringify(spec.selector)}: field is immutable`,
    });
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.replicas',
      message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`,
    });
  }
  return [...causes, ...validatePodSpec(getPath(spec, ['template', 'spec']), 'spec.template.spec')];
}

export function validateJob(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const causes = validatePodSpec(getPath(spec, ['template', 'spec']), 'spec.template.spec');
  const restart = getPath(spec, ['template', 'spec', 'restartPolicy']);
  if (restart !== 'Never' && restart !== 'OnFailure') {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.template.spec.restartPolicy',
      message: `Unsupported value: "${String(restart)}": supported values: "OnFailure", "Never"`,
    });
  }
  if (
    old &&
    !jsonEqual(getPath(old, ['spec', 'template']), spec.template) &&
    !jsonEqual(getPath(old, ['spec', 'template', 'spec']), getPath(spec, ['template', 'spec']))
  ) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.template', message: 'Invalid value: field is immutable' });
  }
  return causes;
}

export function validateCronJob(obj: KubeObject): StatusCause[] {
  const schedule = getPath(obj, ['spec', 'schedule']);
  const causes: StatusCause[] = [];
  if (typeof schedule !== 'string' || schedule === '')
    causes.push({ reason: 'FieldValueRequired', field: 'spec.schedule', message: 'Required value' });
  else {
    try {
      parseCronSchedule(schedule);
    } catch (err) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.schedule',
        message: `Invalid value: "${schedule}": ${(err as Error).message}`,
      });
    }
  }
  const restart = getPath(obj, ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'restartPolicy']);
  if (restart !== 'Never' && restart !== 'OnFailure') {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.jobTemplate.spec.template.spec.restartPolicy',
      message: `Unsupported value: "${String(restart)}": supported values: "OnFailure", "Never"`,
    });
  }
  return causes;
}
