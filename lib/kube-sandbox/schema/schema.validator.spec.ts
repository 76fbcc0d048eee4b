import { builtinResourceTypes } from '../api/builtin-resources.catalog';
import { decodeBody } from '../core/body-decoder';
import { modelSchema } from './model-schema.builder';
import { checkSchema } from './schema.validator';

describe('schema checks of built-in kinds', () => {
  const pod = modelSchema('V1Pod');

  it('finds unknown fields with their paths, and normalises quantities to strings', () => {
    const { value, issues } = checkSchema(
      {
        spec: { containers: [{ name: 'c', image: 'i', imagex: 1, resources: { limits: { cpu: 1, memory: '1Gi' } } }] },
      },
      pod,
    );
    expect(issues).toEqual([expect.objectContaining({ kind: 'unknown', path: 'spec.containers[0].imagex' })]);
    expect(JSON.stringify(value)).toContain('"cpu":"1"');
    expect(JSON.stringify(value)).not.toContain('imagex');
  });

  it('reports mistyped fields', () => {
    const { issues } = checkSchema(
      { spec: { containers: [{ name: 'c', ports: [{ containerPort: 'eighty' }] }] } },
      pod,
    );
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'type', path: 'spec.containers[0].ports[0].containerPort', expected: 'int32' }),
    ]);
  });

  it('turns them into apiserver-worded errors per fieldValidation', () => {
    const deployments = builtinResourceTypes().find((t) => t.resource === 'deployments')!;
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicaz: 1 } };
    expect(() => decodeBody(deployments, body, 'Strict')).toThrow(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"',
    );
    expect(decodeBody(deployments, body, 'Warn').warnings).toEqual(['unknown field "spec.replicaz"']);
    expect(decodeBody(deployments, body, 'Ignore').object.spec).toEqual({});
    expect(() => decodeBody(deployments, { ...body, apiVersion: 'apps/v2' }, 'Ignore')).toThrow(
      'the API version in the data (apps/v2) does not match the expected API version (apps/v1)',
    );
  });
});
