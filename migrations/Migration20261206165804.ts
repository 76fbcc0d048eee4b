import { Migration } from '@mikro-orm/migrations';

export class Migration20261206165804 extends Migration {

  override async up(): Promise<void> {
    // The store's keyword search text: lower-cased name, description and keywords, one field per line
    // (a search never matches across two fields). Immutable, so an expression index can use it.
    this.addSql(`create function app_search_text(name text, description text, keywords text[]) returns text
      language sql immutable parallel safe
      return lower(name || E'\\n' || coalesce(description, '') || E'\\n' || coalesce(array_to_string(keywords, E'\\n'), ''));`);
    this.addSql(`create index "apps_search_trgm" on "apps" using gin (app_search_text("name", "description", "keywords") gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "apps_search_trgm";`);
    this.addSql(`drop function app_search_text(text, text, text[]);`);
  }

}
