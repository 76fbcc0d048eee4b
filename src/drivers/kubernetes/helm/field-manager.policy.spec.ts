import { applyOptionsAfter, HELM_FIELD_MANAGER, MARINA_APPLY_METHOD } from './field-manager.policy';

describe('field-manager policy', () => {
  it('applies as "helm", recorded as ssa; forces only after a client-side revision', () => {
    expect(HELM_FIELD_MANAGER).toBe('helm');
    expect(MARINA_APPLY_METHOD).toBe('ssa');
    expect(applyOptionsAfter(null)).toEqual({ fieldManager: 'helm', force: false });
    expect(applyOptionsAfter({ applyMethod: 'ssa' })).toEqual({ fieldManager: 'helm', force: false });
    expect(applyOptionsAfter({ applyMethod: 'csa' })).toEqual({ fieldManager: 'helm', force: true });
    expect(applyOptionsAfter({ applyMethod: null })).toEqual({ fieldManager: 'helm', force: true });
  });
});
