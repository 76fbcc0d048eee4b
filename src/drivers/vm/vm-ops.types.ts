/**
 * What a VM lifecycle change beyond create/stop/start/delete carries in its operation
 * (`op.vm.change`), computed and checked by the instance service (plain JSON).
 */

/** Nodes added to one role: their ids (also in `vm.nodes`), numbered after the existing ones. */
export interface VmScaleOut {
  readonly kind: 'scale_out';
  readonly role: string;
  readonly nodeIds: readonly string[];
}

/** Nodes removed from one role (ids of live nodes; absent from `vm.nodes`). */
export interface VmScaleIn {
  readonly kind: 'scale_in';
  readonly role: string;
  readonly nodeIds: readonly string[];
}

/** New cpu/memory/volume size of roles (the roles of `vm.roles` already carry the new values). */
export interface VmResize {
  readonly kind: 'resize';
  readonly roles: readonly VmRoleResize[];
}

export interface VmRoleResize {
  readonly role: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** The volume's new size (only growing), when it changes. */
  readonly volumeGiB?: number;
}

export type VmChange = VmScaleOut | VmScaleIn | VmResize;
