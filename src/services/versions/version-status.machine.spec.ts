import { VersionStatus } from '../../entities/enums';
import {
  ALL_VERSION_STATUSES,
  nextVersionStatus,
  VERSION_ACTIONS,
  versionSourcesOf,
  type VersionAction,
} from './version-status.machine';

const { DRAFT, SUBMITTED, IN_REVIEW, PASSED, REJECTED, ACTIVE, SUSPENDED, DELETED } = VersionStatus;
const u = undefined;

// The expected matrix written out independently of the table (PRODUCT.md D3): every (state, action) pair.
// prettier-ignore
const expected: Record<VersionStatus, Record<VersionAction, VersionStatus | undefined>> = {
  DRAFT:     { submit: SUBMITTED, cancel: u, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: u, suspend: u, recover: u, delete: DELETED, edit: DRAFT },
  SUBMITTED: { submit: u, cancel: DRAFT, start_review: IN_REVIEW, auto_pass: SUBMITTED, pass_stage: u, pass: u, reject: u, release: u, suspend: u, recover: u, delete: u, edit: u },
  IN_REVIEW: { submit: u, cancel: DRAFT, start_review: IN_REVIEW, auto_pass: u, pass_stage: IN_REVIEW, pass: PASSED, reject: REJECTED, release: u, suspend: u, recover: u, delete: u, edit: u },
  PASSED:    { submit: u, cancel: DRAFT, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: ACTIVE, suspend: u, recover: u, delete: DELETED, edit: u },
  REJECTED:  { submit: u, cancel: u, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: u, suspend: u, recover: u, delete: DELETED, edit: DRAFT },
  ACTIVE:    { submit: u, cancel: u, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: u, suspend: SUSPENDED, recover: u, delete: u, edit: u },
  SUSPENDED: { submit: u, cancel: u, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: u, suspend: u, recover: ACTIVE, delete: DELETED, edit: u },
  DELETED:   { submit: u, cancel: u, start_review: u, auto_pass: u, pass_stage: u, pass: u, reject: u, release: u, suspend: u, recover: u, delete: u, edit: u },
};

describe('version status machine', () => {
  for (const from of ALL_VERSION_STATUSES) {
    for (const action of VERSION_ACTIONS) {
      it(`${from} --${action}--> ${expected[from][action] ?? 'illegal'}`, () => {
        expect(nextVersionStatus(from, action)).toBe(expected[from][action]);
      });
    }
  }

  it('ACTIVE versions are immutable and DELETED is final', () => {
    expect(versionSourcesOf('edit').sort()).toEqual([DRAFT, REJECTED].sort());
    expect(VERSION_ACTIONS.filter((a) => nextVersionStatus(DELETED, a) !== undefined)).toEqual([]);
  });

  it('follows D3: cancel from submitted|in-review|passed, delete from draft|passed|rejected|suspended', () => {
    expect(versionSourcesOf('cancel').sort()).toEqual([SUBMITTED, IN_REVIEW, PASSED].sort());
    expect(versionSourcesOf('delete').sort()).toEqual([DRAFT, PASSED, REJECTED, SUSPENDED].sort());
    expect(versionSourcesOf('release')).toEqual([PASSED]);
    expect(versionSourcesOf('recover')).toEqual([SUSPENDED]);
    expect(versionSourcesOf('suspend')).toEqual([ACTIVE]);
  });
});
