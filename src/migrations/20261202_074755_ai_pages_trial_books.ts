import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "books" ADD COLUMN "generation_trial" boolean DEFAULT false;
  ALTER TABLE "_books_v" ADD COLUMN "version_generation_trial" boolean DEFAULT false;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "books" DROP COLUMN "generation_trial";
  ALTER TABLE "_books_v" DROP COLUMN "version_generation_trial";`)
}
