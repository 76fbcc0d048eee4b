import { Migration } from '@mikro-orm/migrations';

export class Migration20261206160828 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "categories" alter column "icon" type text using ("icon"::text);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "categories" alter column "icon" type varchar(64) using ("icon"::varchar(64));`);
  }

}
