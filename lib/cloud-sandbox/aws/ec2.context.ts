/**
 * What every EC2 action handler receives, and the action handler type itself. Handlers validate
 * their parameters, change the model, schedule transitions, and return the children of the
 * `<ActionResponse>` element; failures are thrown as `Ec2Fault`.
 */
import type { SandboxCore } from '../core/contracts';
import type { Ec2Model } from './ec2.model';
import type { InstanceLifecycle } from './instance.lifecycle';
import type { VolumeLifecycle } from './volume.lifecycle';
import type { QueryParams } from './query.parser';
import type { XmlChild } from './xml.writer';

export interface Ec2Region {
  readonly name: string;
  /** The availability zones this sandbox serves; the first is the default. */
  readonly zones: readonly string[];
  /** The endpoint host announced by DescribeRegions. */
  readonly endpointHost: string;
}

export interface Ec2Context {
  readonly core: SandboxCore;
  readonly model: Ec2Model;
  readonly region: Ec2Region;
  readonly instances: InstanceLifecycle;
  readonly volumes: VolumeLifecycle;
}

export type Ec2Action = (params: QueryParams, ctx: Ec2Context) => Promise<readonly XmlChild[]> | readonly XmlChild[];
