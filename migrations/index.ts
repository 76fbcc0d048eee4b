/**
 * Every migration, in order. MikroORM migrations are generated (`npm run migration:create`),
 * reviewed, and never edited after landing; list each new one here.
 */
import type { MigrationObject } from '@mikro-orm/core';

import { Migration20261123041320 } from './Migration20261123041320';
import { Migration20261123050037 } from './Migration20261123050037';
import { Migration20261123051202 } from './Migration20261123051202';
import { Migration20261206120000 } from './Migration20261206120000';
import { Migration20261206130846 } from './Migration20261206130846';
import { Migration20261206131912 } from './Migration20261206131912';
import { Migration20261206132847 } from './Migration20261206132847';
import { Migration20261206133411 } from './Migration20261206133411';
import { Migration20261206143326 } from './Migration20261206143326';
import { Migration20261206150741 } from './Migration20261206150741';
import { Migration20261206155756 } from './Migration20261206155756';
import { Migration20261206160828 } from './Migration20261206160828';
import { Migration20261206165804 } from './Migration20261206165804';
import { Migration20261206172238 } from './Migration20261206172238';
import { Migration20261206190000VmAgent } from './Migration20261206190000VmAgent';
import { Migration20261206190500KubeExtras } from './Migration20261206190500_kube_extras';
import { Migration20261206191500KubeKinds } from './Migration20261206191500KubeKinds';
import { Migration20261206193000VmDriver } from './Migration20261206193000VmDriver';
import { Migration20261206195000VmOps } from './Migration20261206195000VmOps';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123041320', class: Migration20261123041320 },
  { name: 'Migration20261123050037', class: Migration20261123050037 },
  { name: 'Migration20261123051202', class: Migration20261123051202 },
  { name: 'Migration20261206120000', class: Migration20261206120000 },
  { name: 'Migration20261206130846', class: Migration20261206130846 },
  { name: 'Migration20261206131912', class: Migration20261206131912 },
  { name: 'Migration20261206132847', class: Migration20261206132847 },
  { name: 'Migration20261206133411', class: Migration20261206133411 },
  { name: 'Migration20261206143326', class: Migration20261206143326 },
  { name: 'Migration20261206150741', class: Migration20261206150741 },
  { name: 'Migration20261206155756', class: Migration20261206155756 },
  { name: 'Migration20261206160828', class: Migration20261206160828 },
  { name: 'Migration20261206165804', class: Migration20261206165804 },
  { name: 'Migration20261206172238', class: Migration20261206172238 },
  { name: 'Migration20261206190000VmAgent', class: Migration20261206190000VmAgent },
  { name: 'Migration20261206190500_kube_extras', class: Migration20261206190500KubeExtras },
  { name: 'Migration20261206191500KubeKinds', class: Migration20261206191500KubeKinds },
  { name: 'Migration20261206193000VmDriver', class: Migration20261206193000VmDriver },
  { name: 'Migration20261206195000VmOps', class: Migration20261206195000VmOps },
];
