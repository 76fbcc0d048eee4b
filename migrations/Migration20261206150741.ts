import { Migration } from '@mikro-orm/migrations';

export class Migration20261206150741 extends Migration {

  override async up(): Promise<void> {
    // pg_trgm ships with PostgreSQL's contrib (Debian packages and the embedded server alike).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create index "apps_keywords_gin" on "apps" using gin ("keywords");`);
    this.addSql(`create index "apps_description_trgm" on "apps" using gin ("description" gin_trgm_ops);`);
    this.addSql(`create index "apps_name_trgm" on "apps" using gin ("name" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "apps_keywords_gin";`);
    this.addSql(`drop index "apps_description_trgm";`);
    this.addSql(`drop index "apps_name_trgm";`);
  }

}
