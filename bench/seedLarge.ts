import type pg from 'pg'

import { OCCASIONS } from '../src/lib/catalogue'
import { plainTextToLexical } from '../src/lib/lexical'

/**
 * Bulk-loads a large catalogue into an already migrated and seeded database with plain SQL
 * (INSERT ... SELECT generate_series): going through Payload would take far longer than the
 * benchmark itself. Only the main tables are filled (books, books_questions, books_blueprints,
 * pages); no _books_v version rows, because the benchmarked reads (no `draft=true`) never touch
 * them.
 */
export type CatalogueSize = {
  publishedTemplates: number
  draftTemplates: number
  personalBooks: number
  pagesPerBook: number
}

export const DEFAULT_SIZE: CatalogueSize = {
  publishedTemplates: 1_000,
  draftTemplates: 500,
  personalBooks: 8_500,
  pagesPerBook: 12,
}

export type CatalogueCounts = {
  books: number
  publishedTemplates: number
  draftTemplates: number
  personalBooks: number
  pages: number
  questions: number
  blueprints: number
}

const BLUEPRINTS_PER_TEMPLATE = 12
const MIDDLE_LAYOUTS = ['text-only', 'photo-full', 'photo-left', 'photo-right', 'photo-top', 'collage']
const MINUTES_IN_A_YEAR = 525_600

/** SQL for a page layout by its 1-based number `n` of `count`: a title page, a closing page, a mix between. */
function layoutSql(n: string, count: number): string {
  const middle = `(array[${MIDDLE_LAYOUTS.map((l) => `'${l}'`).join(',')}])[1 + ${n} % ${MIDDLE_LAYOUTS.length}]`
  return `(case when ${n} = 1 then 'title-page' when ${n} = ${count} then 'closing' else ${middle} end)`
}

/** A creation date spread over the last year (deterministic, so runs are comparable). */
function createdAtSql(n: string, stride: number): string {
  return `(now() - ((${n} * ${stride}) % ${MINUTES_IN_A_YEAR}) * interval '1 minute')`
}

/** A one-paragraph Lexical document; `__TEXT__` is replaced in SQL (callers pass JSON-safe text). */
const LEXICAL_BODY = JSON.stringify(plainTextToLexical('__TEXT__'))

async function customerId(client: pg.Client, email: string): Promise<number> {
  const { rows } = await client.query<{ id: number }>('select id from users where email = $1', [email])
  if (!rows[0]) throw new Error(`the seeded customer ${email} is missing: did src/scripts/seed.ts run?`)
  return rows[0].id
}

/**
 * Templates slugged `<slugPrefix>N` and titled after the slug ("Bench Template 7"), with prices and
 * a creation date spread over a year.
 */
async function insertTemplates(
  client: pg.Client,
  count: number,
  slugPrefix: string,
  status: 'published' | 'draft',
) {
  await client.query(
    `insert into books (title, kind, slug, description, occasion, prices_currency, prices_hardcover,
                        prices_softcover, prices_pdf, status, _status, created_at, updated_at)
     select initcap(replace($1::text, '-', ' ')) || n,
            'template'::enum_books_kind,
            $1::text || n,
            'A benchmark template (number ' || n || ') with a description of ordinary length.',
            (array[${OCCASIONS.map((o) => `'${o}'`).join(',')}])[1 + n % ${OCCASIONS.length}]::enum_books_occasion,
            'usd'::enum_books_prices_currency,
            4900 + (n % 10) * 100,
            2900 + (n % 10) * 100,
            1500,
            'draft'::enum_books_book_status,
            $2::enum_books_status,
            t.at, t.at
     from generate_series(1, $3::int) as n
     cross join lateral (select ${createdAtSql('n', 7)} as at) as t`,
    [slugPrefix, status, count],
  )
}

/**
 * Questions and blueprints of every bench template. Array row ids are varchar: 24 hex characters
 * like Payload's, unique per (book, table, row).
 */
async function insertTemplateArrays(client: pg.Client) {
  const benchTemplates = `b.kind = 'template' and b.slug like 'bench-%'`
  await client.query(
    `insert into books_questions (_order, _parent_id, id, key, label, type, required, help)
     select q.n, b.id, lpad(to_hex(b.id), 16, '0') || 'a1' || lpad(to_hex(q.n), 6, '0'),
            q.key, q.label, q.type::enum_books_questions_type, q.required, q.help
     from books b
     cross join (values
       (1, 'name', 'Who is this book for?', 'text', true, 'Their first name is enough.'),
       (2, 'date', 'When did it start?', 'date', false, null),
       (3, 'photo', 'A favourite photo', 'photo', false, null),
       (4, 'memory', 'A favourite memory', 'longText', true, 'A few sentences.')
     ) as q(n, key, label, type, required, help)
     where ${benchTemplates}`,
  )
  await client.query(
    `insert into books_blueprints (_order, _parent_id, id, title, layout, prompt, image_prompt,
                                   photo_question, sample_text)
     select p.n, b.id, lpad(to_hex(b.id), 16, '0') || 'b2' || lpad(to_hex(p.n), 6, '0'),
            'Page ' || p.n,
            l.layout::enum_books_blueprints_layout,
            'Write page ' || p.n || ' of a memory book for {{name}}, starting from {{memory}}.',
            case when l.layout like 'photo%' then 'A warm illustration for page ' || p.n end,
            case when l.layout like 'photo%' or l.layout = 'collage' then 'photo' end,
            'Sample text of page ' || p.n || '.'
     from books b
     cross join generate_series(1, ${BLUEPRINTS_PER_TEMPLATE}) as p(n)
     cross join lateral (select ${layoutSql('p.n', BLUEPRINTS_PER_TEMPLATE)} as layout) as l
     where ${benchTemplates}`,
  )
}

/**
 * Personal books of the customer, each made from one of the published bench templates (round robin).
 * `_status` is 'published' as /api/books/personalize sets it, so they share the catalogue index's
 * (kind, _status) prefix with templates only through `kind`, as in production.
 */
async function insertPersonalBooks(client: pg.Client, count: number, ownerId: number) {
  await client.query(
    `with t as (
       select id, (row_number() over (order by id))::int - 1 as i
       from books where kind = 'template' and slug like 'bench-template-%'
     ), n_templates as (select count(*)::int as total from t)
     insert into books (title, kind, template_id, owner_id, answers, status, _status, created_at, updated_at)
     select 'Bench book ' || n,
            'personal'::enum_books_kind,
            t.id,
            $1::int,
            jsonb_build_object('name', 'Person ' || n, 'date', '2020-01-01', 'memory', 'A day at the beach.'),
            'draft'::enum_books_book_status,
            'published'::enum_books_status,
            c.at, c.at
     from generate_series(0, $2::int - 1) as n
     cross join n_templates
     join t on t.i = n % n_templates.total
     cross join lateral (select ${createdAtSql('n', 7919)} as at) as c`,
    [ownerId, count],
  )
}

/** `pagesPerBook` generated pages for every personal book, positions 0..pagesPerBook-1. */
async function insertPages(client: pg.Client, pagesPerBook: number) {
  await client.query(
    `insert into pages (book_id, owner_id, position, layout, title, body, prompt, locked,
                        generation_status, generation_provider, generation_model, generation_attempts,
                        generation_generated_at, created_at, updated_at)
     select b.id, b.owner_id, p.n - 1,
            ${layoutSql('p.n', pagesPerBook)}::enum_pages_layout,
            'Page ' || p.n,
            replace($1::text, '__TEXT__', 'Page ' || p.n || ' of ' || b.title || ', written for the benchmark.')::jsonb,
            'Write page ' || p.n || '.',
            false,
            'done'::enum_pages_generation_status,
            'offline', 'offline-writer', 1,
            b.created_at, b.created_at, b.created_at
     from books b
     cross join generate_series(1, $2::int) as p(n)
     where b.kind = 'personal' and b.title like 'Bench book %'`,
    [LEXICAL_BODY, pagesPerBook],
  )
}

export async function countCatalogue(client: pg.Client): Promise<CatalogueCounts> {
  const { rows } = await client.query<CatalogueCounts>(
    `select (select count(*) from books)::int as "books",
            (select count(*) from books where kind = 'template' and _status = 'published')::int as "publishedTemplates",
            (select count(*) from books where kind = 'template' and _status = 'draft')::int as "draftTemplates",
            (select count(*) from books where kind = 'personal')::int as "personalBooks",
            (select count(*) from pages)::int as "pages",
            (select count(*) from books_questions)::int as "questions",
            (select count(*) from books_blueprints)::int as "blueprints"`,
  )
  return rows[0]
}

/**
 * Fills the catalogue in one transaction, then ANALYZEs so the planner sees the real sizes (as it
 * would in production after autovacuum) instead of the near-empty statistics of the fresh seed.
 */
export async function seedLargeCatalogue(
  client: pg.Client,
  options: { customerEmail: string; size?: CatalogueSize },
): Promise<CatalogueCounts> {
  const size = options.size ?? DEFAULT_SIZE
  const ownerId = await customerId(client, options.customerEmail)
  await client.query('begin')
  try {
    // a bulk load that is thrown away after the run: no need to wait for the WAL flush
    await client.query('set local synchronous_commit = off')
    await insertTemplates(client, size.publishedTemplates, 'bench-template-', 'published')
    await insertTemplates(client, size.draftTemplates, 'bench-draft-template-', 'draft')
    await insertTemplateArrays(client)
    await insertPersonalBooks(client, size.personalBooks, ownerId)
    await insertPages(client, size.pagesPerBook)
    await client.query('commit')
  } catch (err) {
    await client.query('rollback')
    throw err
  }
  await client.query('analyze')
  return countCatalogue(client)
}

/** The SQL the catalogue list boils down to; its plan shows whether the composite index is used. */
export const CATALOGUE_LIST_SQL =
  "select id from books where kind = 'template' and _status = 'published' order by created_at desc limit 12"

export type QueryPlan = { sql: string; plan: string; usesIndexScan: boolean; indexes: string[] }

export async function explainCatalogueList(client: pg.Client): Promise<QueryPlan> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers) ${CATALOGUE_LIST_SQL}`,
  )
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n')
  // "Index Scan" / "Index Only Scan" (possibly Backward); a "Bitmap Index Scan" still reads and sorts the heap
  const usesIndexScan = /(?<!Bitmap )Index (Only )?Scan/.test(plan)
  const indexes = [...plan.matchAll(/ using (\S+)/g)].map((match) => match[1])
  return { sql: CATALOGUE_LIST_SQL, plan, usesIndexScan, indexes }
}
