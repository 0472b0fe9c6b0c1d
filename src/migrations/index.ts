import * as migration_20261126_152257_initial from './20261126_152257_initial';
import * as migration_20261126_160351_jobs_worker from './20261126_160351_jobs_worker';
import * as migration_20261126_163151_send_email_task from './20261126_163151_send_email_task';
import * as migration_20261202_040253_login_failures_limited_per_ip from './20261202_040253_login_failures_limited_per_ip';
import * as migration_20261202_073845_ai_pages from './20261202_073845_ai_pages';
import * as migration_20261202_074755_ai_pages_trial_books from './20261202_074755_ai_pages_trial_books';
import * as migration_20261202_082034_stripe_checkout from './20261202_082034_stripe_checkout';

export const migrations = [
  {
    up: migration_20261126_152257_initial.up,
    down: migration_20261126_152257_initial.down,
    name: '20261126_152257_initial',
  },
  {
    up: migration_20261126_160351_jobs_worker.up,
    down: migration_20261126_160351_jobs_worker.down,
    name: '20261126_160351_jobs_worker',
  },
  {
    up: migration_20261126_163151_send_email_task.up,
    down: migration_20261126_163151_send_email_task.down,
    name: '20261126_163151_send_email_task',
  },
  {
    up: migration_20261202_040253_login_failures_limited_per_ip.up,
    down: migration_20261202_040253_login_failures_limited_per_ip.down,
    name: '20261202_040253_login_failures_limited_per_ip',
  },
  {
    up: migration_20261202_073845_ai_pages.up,
    down: migration_20261202_073845_ai_pages.down,
    name: '20261202_073845_ai_pages',
  },
  {
    up: migration_20261202_074755_ai_pages_trial_books.up,
    down: migration_20261202_074755_ai_pages_trial_books.down,
    name: '20261202_074755_ai_pages_trial_books',
  },
  {
    up: migration_20261202_082034_stripe_checkout.up,
    down: migration_20261202_082034_stripe_checkout.down,
    name: '20261202_082034_stripe_checkout'
  },
];
