import type { TemplatePackageMetadata } from '../../../packages/template/template-types';
import { ValidationFailure } from '../../errors';
import {
  checkTemplateValues,
  effectiveTemplateValues,
  splitTemplateValues,
  templateConfigSchema,
} from './template-values';

const META: TemplatePackageMetadata = {
  name: 'wordpress',
  version: '1.0.0',
  variables: [
    { name: 'DB_PASSWORD', description: 'database password', required: true, secret: true },
    { name: 'REPLICAS', default: '1', required: true, secret: false },
    { name: 'TITLE', required: false, secret: false },
  ],
};

describe('checkTemplateValues', () => {
  it('accepts declared values, DOCKER_IMAGE, and numbers or booleans as text', () => {
    expect(checkTemplateValues(META, { DB_PASSWORD: 'p', REPLICAS: 3, TITLE: true, DOCKER_IMAGE: 'x:1' })).toBeNull();
  });

  it('names every problem: undeclared, platform-set, non-scalar, required without default', () => {
    const r = checkTemplateValues(META, { NOPE: 'x', NAMESPACE: 'kube-system', TITLE: { a: 1 } });
    expect(r).toBeInstanceOf(ValidationFailure);
    expect(r?.details).toEqual([
      { path: 'config.NOPE', message: 'wordpress declares no variable NOPE' },
      { path: 'config.NAMESPACE', message: 'NAMESPACE is set by the platform' },
      { path: 'config.TITLE', message: 'must be a string, number or boolean' },
      { path: 'config.DB_PASSWORD', message: 'DB_PASSWORD (database password) is required' },
    ]);
    expect(r?.message).toContain('Invalid values for wordpress: config.NOPE wordpress declares no variable NOPE');
  });

  it('counts a secret the instance already stores as given (upgrades carry it over)', () => {
    expect(checkTemplateValues(META, {}, ['DB_PASSWORD'])).toBeNull();
    expect(checkTemplateValues(META, { DB_PASSWORD: '' })).not.toBeNull();
  });
});

describe('splitTemplateValues / effectiveTemplateValues', () => {
  it('keeps secret values apart from the plain ones, as text', () => {
    expect(splitTemplateValues(META, { DB_PASSWORD: 'p', REPLICAS: 2, DOCKER_IMAGE: 'x:1' })).toEqual({
      plain: { REPLICAS: '2', DOCKER_IMAGE: 'x:1' },
      secrets: { DB_PASSWORD: 'p' },
    });
  });

  it('shows defaults under the given values and never a secret', () => {
    expect(effectiveTemplateValues(META, { DB_PASSWORD: 'p', TITLE: 'Blog' })).toEqual({
      REPLICAS: '1',
      TITLE: 'Blog',
    });
  });
});

describe('templateConfigSchema', () => {
  it('is a JSON schema of the variables: secrets write-only passwords, required ones without defaults listed', () => {
    const schema = templateConfigSchema(META);
    expect(schema).toMatchObject({
      type: 'object',
      title: 'wordpress',
      required: ['DB_PASSWORD'],
      additionalProperties: false,
      properties: {
        DB_PASSWORD: { type: 'string', description: 'database password', writeOnly: true, format: 'password' },
        REPLICAS: { type: 'string', default: '1' },
        TITLE: { type: 'string', title: 'TITLE' },
      },
    });
    expect(schema.variables).toBe(META.variables);
  });
});
